using System.Collections.Immutable;

namespace KnotCare.Content.Poses;

/// <summary>Which way the front of the body points in the side view (before the torso turns).</summary>
public enum Facing
{
    Right,
    Left,
}

/// <summary>Where the picture is drawn from: the side (most moves) or the front (arms out to the sides).</summary>
public enum View
{
    Side,
    Front,
}

/// <summary>
/// One arm in the side view, in degrees. Shoulder: 0 hangs the arm along the body, 90 points it straight out in
/// front, 180 straight up past the head, negative takes it behind. Elbow and wrist bend the next part further in
/// the same direction (0 is straight). Out: how far the upper arm points out to the side, towards the viewer
/// (0 to 80); the side view draws it shorter. In the front view, shoulder lifts the arm out to the side (90 is
/// level with the shoulder) and elbow bends the forearm up towards the head.
/// </summary>
public sealed record ArmPose(double Shoulder, double Elbow, double Wrist, double Out = 0);

/// <summary>
/// One leg in the side view, in degrees. Hip: 0 is in line with the body, 90 lifts the thigh straight out in
/// front (as when sitting), negative takes it behind. Knee: 0 is straight, positive bends the shin back. Ankle:
/// 90 is a standing foot, less points the toes away (as when kneeling). In the front view, hip moves the leg out
/// to the side.
/// </summary>
public sealed record LegPose(double Hip, double Knee, double Ankle);

/// <summary>
/// A body in the side view. The hips are at (<see cref="X"/>, <see cref="Y"/>) in picture units with the floor
/// at 0 and up positive; with no Y the body is lowered until its lowest point rests on the floor. Torso: the
/// angle of the body from upright, in degrees: 90 tips it forward to face the floor (hands and knees), -90 back
/// to face the ceiling (lying on your back). Back: the curve of the spine (positive rounds it, negative arches
/// it). Neck: positive drops the chin, negative lifts it. Limb angles are relative to the part they hang from.
/// </summary>
public sealed record BodyPose(
    View View,
    double X,
    double? Y,
    Facing Facing,
    double Torso,
    double Back,
    double Neck,
    ArmPose NearArm,
    ArmPose FarArm,
    LegPose NearLeg,
    LegPose FarLeg);

/// <summary>A piece of equipment (or the floor mat) and where it is: a named point of the body or a point in the picture.</summary>
public sealed record PlacedEquipment(string Item, string? Anchor, PicturePoint? Point);

/// <summary>A point in picture units: x from the left, y up from the floor.</summary>
public readonly record struct PicturePoint(double X, double Y);

/// <summary>One key position of a technique, as written in the card's front matter.</summary>
public sealed record PoseDefinition(string Caption, string Alt, BodyPose Body, ImmutableArray<PlacedEquipment> Equipment);

/// <summary>
/// One key position, drawn once at load: the caption, the alt text, the SVG at the technique's shared scale, and a
/// tightly cropped SVG for small pictures beside a link.
/// </summary>
public sealed record TechniquePicture(string Caption, string Alt, string Svg, string Thumbnail);
