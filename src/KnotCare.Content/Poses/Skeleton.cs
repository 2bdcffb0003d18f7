namespace KnotCare.Content.Poses;

/// <summary>A 2D vector in picture units (y up).</summary>
internal readonly record struct Vec(double X, double Y)
{
    public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec operator -(Vec a, Vec b) => new(a.X - b.X, a.Y - b.Y);

    public static Vec operator *(Vec a, double k) => new(a.X * k, a.Y * k);

    public static Vec Zero => new(0, 0);

    public double Length => Math.Sqrt((X * X) + (Y * Y));

    public Vec Unit => Length == 0 ? this : this * (1 / Length);

    /// <summary>Turns clockwise by <paramref name="degrees"/> (from up towards the front, in the body's own frame).</summary>
    public Vec Clockwise(double degrees)
    {
        var r = degrees * Math.PI / 180;
        var (sin, cos) = Math.SinCos(r);
        return new((X * cos) + (Y * sin), (-X * sin) + (Y * cos));
    }

    /// <summary>A limb direction in the body's own frame: 0 points down, 90 to the front, 180 up.</summary>
    public static Vec Limb(double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        return new(sin, -cos);
    }
}

/// <summary>The joints of one limb, from where it joins the body to the tip of the hand or foot.</summary>
internal sealed record LimbPoints(Vec Root, Vec Middle, Vec End, Vec Tip);

/// <summary>A named point of the body and the direction out of the body's surface there.</summary>
internal readonly record struct Anchor(Vec Point, Vec Outward);

/// <summary>
/// The body's joints in picture units, worked out from a <see cref="BodyPose"/> (forward kinematics in the side
/// view). The body is built facing right around its hips, turned by the torso angle, mirrored when it faces left,
/// then moved to its place.
/// </summary>
internal sealed class Skeleton
{
    public const double Stroke = 4;
    public const double HeadRadius = 6.5;
    public const double NeckLength = 4;
    public const double TorsoLength = 32;
    public const double UpperArm = 18;
    public const double Forearm = 16;
    public const double Hand = 5;
    public const double Thigh = 25;
    public const double Shin = 24;
    public const double Foot = 8;

    private readonly BodyPose pose;
    private readonly Vec offset;
    private readonly double mirror;
    private readonly Vec control;

    private Skeleton(BodyPose pose, Vec offset)
    {
        this.pose = pose;
        this.offset = offset;
        mirror = pose.Facing == Facing.Left ? -1 : 1;

        // In the body's own frame: hips at the origin, up the spine is +y, the front (or, from the front, the
        // picture's right) is +x.
        var shoulder = new Vec(0, TorsoLength);
        if (pose.View == View.Front)
        {
            control = new Vec(0, TorsoLength / 2);
            Hips = ToPicture(Vec.Zero);
            Shoulder = ToPicture(shoulder);
            Control = ToPicture(control);
            HeadCenter = ToPicture(shoulder + new Vec(0, NeckLength + HeadRadius));
            var left = new Vec(-ShoulderHalfWidth, TorsoLength - 2);
            var right = new Vec(ShoulderHalfWidth, TorsoLength - 2);
            Crossbars = [(ToPicture(left), ToPicture(right)), (ToPicture(new Vec(-HipHalfWidth, 0)), ToPicture(new Vec(HipHalfWidth, 0)))];
            NearArm = FrontArm(left, pose.NearArm, -1);
            FarArm = FrontArm(right, pose.FarArm, 1);
            NearLeg = FrontLeg(new Vec(-HipHalfWidth, 0), pose.NearLeg, -1);
            FarLeg = FrontLeg(new Vec(HipHalfWidth, 0), pose.FarLeg, 1);
            return;
        }

        control = new Vec(-TorsoLength * Math.Tan(pose.Back * Math.PI / 180), TorsoLength / 2);
        var neckDirection = (shoulder - control).Unit.Clockwise(pose.Neck);
        var headCenter = shoulder + (neckDirection * (NeckLength + HeadRadius));

        Hips = ToPicture(Vec.Zero);
        Shoulder = ToPicture(shoulder);
        Control = ToPicture(control);
        HeadCenter = ToPicture(headCenter);
        Nose = (ToPicture(headCenter + (neckDirection.Clockwise(90) * (HeadRadius - 0.5))),
            ToPicture(headCenter + (neckDirection.Clockwise(90) * (HeadRadius + 2.5)) + (neckDirection * -1.5)));
        NearArm = Arm(shoulder, pose.NearArm);
        FarArm = Arm(shoulder, pose.FarArm);
        NearLeg = Leg(pose.NearLeg);
        FarLeg = Leg(pose.FarLeg);
    }

    public const double ShoulderHalfWidth = 10;
    public const double HipHalfWidth = 6;

    /// <summary>True when drawn from the front: both arms and legs are drawn alike.</summary>
    public bool FromFront => pose.View == View.Front;

    /// <summary>The line across the shoulders and across the hips, in the front view.</summary>
    public IReadOnlyList<(Vec From, Vec To)> Crossbars { get; } = [];

    /// <summary>A short line for the nose, which shows which way the face points (side view only).</summary>
    public (Vec From, Vec To)? Nose { get; }

    public Vec Hips { get; }

    public Vec Shoulder { get; }

    /// <summary>The control point of the quadratic curve drawn for the spine, from the hips to the shoulders.</summary>
    public Vec Control { get; }

    public Vec HeadCenter { get; }

    public LimbPoints NearArm { get; }

    public LimbPoints FarArm { get; }

    public LimbPoints NearLeg { get; }

    public LimbPoints FarLeg { get; }

    /// <summary>+1 when the figure faces right, -1 when it faces left.</summary>
    public double Mirror => mirror;

    /// <summary>Builds the skeleton; with no Y in the pose, lowers it until its lowest point rests on <paramref name="floor"/>.</summary>
    public static Skeleton Place(BodyPose pose, double floor)
    {
        var atZero = new Skeleton(pose, new Vec(pose.X, 0));
        if (pose.Y is { } y)
        {
            return new Skeleton(pose, new Vec(pose.X, y));
        }

        var lowest = atZero.Outline().Min(p => p.Y);
        return new Skeleton(pose, new Vec(pose.X, floor - lowest + (Stroke / 2)));
    }

    /// <summary>Points whose hull holds the body's centre lines (stroke width not included).</summary>
    public IEnumerable<Vec> Outline()
    {
        yield return Hips;
        yield return Shoulder;
        for (var t = 0.1; t < 1; t += 0.1)
        {
            yield return SpineAt(t);
        }

        yield return HeadCenter + new Vec(0, -HeadRadius);
        yield return HeadCenter + new Vec(0, HeadRadius);
        yield return HeadCenter + new Vec(-HeadRadius, 0);
        yield return HeadCenter + new Vec(HeadRadius, 0);
        if (Nose is { } nose)
        {
            yield return nose.To;
        }

        foreach (var (from, to) in Crossbars)
        {
            yield return from;
            yield return to;
        }

        foreach (var limb in new[] { NearArm, FarArm, NearLeg, FarLeg })
        {
            yield return limb.Middle;
            yield return limb.End;
            yield return limb.Tip;
        }
    }

    /// <summary>A point on the spine curve, t from 0 (hips) to 1 (shoulders).</summary>
    public Vec SpineAt(double t) =>
        (Hips * ((1 - t) * (1 - t))) + (Control * (2 * (1 - t) * t)) + (Shoulder * (t * t));

    /// <summary>The body point equipment is placed against, and which way is out of the body there.</summary>
    public Anchor AnchorAt(string name) => name switch
    {
        "upper-back" => Back(0.8),
        "mid-back" => Back(0.55),
        "lower-back" => Back(0.25),
        "hips" => Hipline(),
        "chest" => new Anchor(SpineAt(0.75), Back(0.75).Outward * -1),
        "belly" => new Anchor(SpineAt(0.4), Back(0.4).Outward * -1),
        "head" => new Anchor(HeadCenter, Nose is { } nose ? (HeadCenter - nose.To).Unit : new Vec(0, 1)),
        "hands" => new Anchor(NearArm.Tip, (NearArm.Tip - NearArm.End).Unit),
        "elbows" => new Anchor(NearArm.Middle, (NearArm.Middle - NearArm.Root).Unit),
        "knees" => new Anchor(NearLeg.Middle, (NearLeg.Middle - NearLeg.Root).Unit),
        "feet" => new Anchor(NearLeg.End, (NearLeg.End - NearLeg.Middle).Unit),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown body point"),
    };

    /// <summary>The hips, pushed out behind: straight back from the front when the body is upright or bent forward.</summary>
    private Anchor Hipline()
    {
        var forward = ToPictureDirection(new Vec(1, 0));
        return Math.Abs(forward.X) > 0.3 ? new Anchor(Hips, new Vec(-Math.Sign(forward.X), 0)) : Back(0.02);
    }

    private Anchor Back(double t)
    {
        var tangent = ((Control - Hips) * (2 * (1 - t))) + ((Shoulder - Control) * (2 * t));

        // Out of the back is the tangent turned a quarter away from the front; mirroring flips the turn.
        var outward = mirror > 0 ? new Vec(-tangent.Y, tangent.X) : new Vec(tangent.Y, -tangent.X);
        var forward = ToPictureDirection(new Vec(1, 0));
        var back = outward.Unit;

        // Check against the body's own front, so the anchor is on the back whatever way the body is turned.
        if ((back.X * forward.X) + (back.Y * forward.Y) > 0)
        {
            back *= -1;
        }

        return new Anchor(SpineAt(t), back);
    }

    private LimbPoints FrontArm(Vec shoulder, ArmPose arm, double side)
    {
        static Vec Out(double degrees, double side) => new(Vec.Limb(degrees).X * side, Vec.Limb(degrees).Y);
        var elbow = shoulder + (Out(arm.Shoulder, side) * UpperArm);
        var wrist = elbow + (Out(arm.Shoulder + arm.Elbow, side) * Forearm);
        var tip = wrist + (Out(arm.Shoulder + arm.Elbow + arm.Wrist, side) * Hand);
        return new LimbPoints(ToPicture(shoulder), ToPicture(elbow), ToPicture(wrist), ToPicture(tip));
    }

    private LimbPoints FrontLeg(Vec hip, LegPose leg, double side)
    {
        var direction = new Vec(Vec.Limb(leg.Hip).X * side, Vec.Limb(leg.Hip).Y);
        var knee = hip + (direction * Thigh);
        var ankle = knee + (direction * Shin);
        var toe = ankle + new Vec(side * (Foot - 2), 0);
        return new LimbPoints(ToPicture(hip), ToPicture(knee), ToPicture(ankle), ToPicture(toe));
    }

    private LimbPoints Arm(Vec shoulder, ArmPose arm)
    {
        var elbow = shoulder + (Vec.Limb(arm.Shoulder) * (UpperArm * Math.Cos(arm.Out * Math.PI / 180)));
        var wrist = elbow + (Vec.Limb(arm.Shoulder + arm.Elbow) * Forearm);
        var tip = wrist + (Vec.Limb(arm.Shoulder + arm.Elbow + arm.Wrist) * Hand);
        return new LimbPoints(ToPicture(shoulder), ToPicture(elbow), ToPicture(wrist), ToPicture(tip));
    }

    private LimbPoints Leg(LegPose leg)
    {
        var knee = Vec.Limb(leg.Hip) * Thigh;
        var ankle = knee + (Vec.Limb(leg.Hip - leg.Knee) * Shin);
        var toe = ankle + (Vec.Limb(leg.Hip - leg.Knee + leg.Ankle) * Foot);
        return new LimbPoints(ToPicture(Vec.Zero), ToPicture(knee), ToPicture(ankle), ToPicture(toe));
    }

    private Vec ToPictureDirection(Vec local)
    {
        var turned = local.Clockwise(pose.Torso);
        return new Vec(turned.X * mirror, turned.Y);
    }

    private Vec ToPicture(Vec local) => ToPictureDirection(local) + offset;
}
