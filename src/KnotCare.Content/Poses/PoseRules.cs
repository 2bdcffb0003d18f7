using System.Collections.Frozen;
using System.Collections.Immutable;

namespace KnotCare.Content.Poses;

/// <summary>A joint's allowed range in degrees, with words an editor understands.</summary>
public sealed record JointRange(string Name, double Min, double Max, string Meaning);

/// <summary>What a pose may say: joint ranges, the equipment that can be drawn and the points it can be placed at.</summary>
public static class PoseRules
{
    public const int MaxPoses = 3;

    public const int MaxAltLength = 200;

    public const int MaxCaptionLength = 60;

    /// <summary>The picture's frame in picture units: x from 0 to Width, y (up from the floor) from 0 to Height.</summary>
    public const double Width = 200;

    public const double Height = 140;

    public static readonly JointRange Torso = new("torso", -180, 180, "0 is upright, 90 tips forward to face the floor, -90 lies back to face the ceiling");
    public static readonly JointRange Back = new("back", -30, 30, "0 is a straight back, positive rounds it, negative arches it");
    public static readonly JointRange Neck = new("neck", -45, 60, "0 is in line with the back, positive drops the chin, negative lifts it");
    public static readonly JointRange Shoulder = new("shoulder", -60, 180, "0 hangs the arm by the side, 90 points it forward, 180 straight up");
    public static readonly JointRange Elbow = new("elbow", 0, 150, "0 is a straight arm, 150 fully bent");
    public static readonly JointRange Wrist = new("wrist", -90, 90, "0 is a straight wrist");
    public static readonly JointRange Hip = new("hip", -40, 170, "0 is standing straight, 90 lifts the thigh forward as when sitting");
    public static readonly JointRange Knee = new("knee", 0, 160, "0 is a straight leg, 160 fully bent");
    public static readonly JointRange Ankle = new("ankle", 0, 120, "90 is a standing foot, 0 points the toes straight away as when kneeling");
    public static readonly JointRange Out = new("out", 0, 80, "0 keeps the upper arm beside the body, 80 points it almost straight out to the side");
    public static readonly JointRange ShoulderOut = new("shoulder", -90, 180, "for an arm out to the side, the direction it points as seen from the side: 90 forward, -90 back");
    public static readonly JointRange ElbowOut = new("elbow", -150, 150, "for an arm out to the side, a forearm can seem to bend either way as seen from the side");

    /// <summary>From this much 'out', an arm is seen end-on enough that the side-view ranges for shoulder and elbow widen.</summary>
    public const double OutOfPlane = 45;

    public static readonly JointRange FrontHip = new("hip", 0, 45, "in the front view, 0 is standing with feet together, 45 legs wide apart");
    public static readonly JointRange X = new("x", 0, Width, "where the hips are, from the left edge of the picture");
    public static readonly JointRange Y = new("y", 0, Height, "how high the hips are above the floor");

    /// <summary>Points of the body that equipment can be placed against.</summary>
    public static readonly ImmutableArray<string> Anchors =
        ["head", "chest", "belly", "upper-back", "mid-back", "lower-back", "hips", "hands", "elbows", "knees", "feet"];

    /// <summary>
    /// Equipment that can be drawn, and the body point each goes to when the pose names none. An arrow is not
    /// equipment but a drawing aid: it points out of the body at its place, to show which way to move.
    /// </summary>
    public static readonly FrozenDictionary<string, string?> Equipment = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["mat"] = null,
        ["foam-roller"] = "upper-back",
        ["ball"] = "upper-back",
        ["wall"] = "upper-back",
        ["door-frame"] = "hands",
        ["band"] = null,
        ["chair"] = "hips",
        ["desk"] = "hands",
        ["heat-pack"] = "lower-back",
        ["cold-pack"] = "lower-back",
        ["weight"] = "hands",
        ["arrow"] = "mid-back",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Equipment that needs a point in the picture (x and y) rather than a body point.</summary>
    public static readonly FrozenSet<string> NeedsPoint = new[] { "band" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> AnchorSet = Anchors.ToFrozenSet(StringComparer.Ordinal);
}
