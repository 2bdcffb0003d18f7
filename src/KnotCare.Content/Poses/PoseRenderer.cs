using System.Collections.Immutable;

namespace KnotCare.Content.Poses;

/// <summary>
/// Draws poses as SVG line drawings, all in one style: round-capped strokes in <c>currentColor</c> (so they follow
/// the page's colours and print black on white), the body in one stroke width, the far arm and leg fainter,
/// equipment in a thinner stroke, and a floor line. The poses of one technique share a view box, so a start and
/// an end position are drawn at the same scale.
/// </summary>
public static class PoseRenderer
{
    public const double BodyStroke = Skeleton.Stroke;
    public const double ItemStroke = 2.5;
    public const double FloorStroke = 1.5;
    private const double MatThickness = 2.5;
    private const double Padding = 5;
    private const double MinAspect = 1.3;
    private const double RollerRadius = 6;
    private const double BallRadius = 3.2;

    /// <summary>Draws every pose of one technique with a shared view box.</summary>
    public static ImmutableArray<TechniquePicture> Render(IReadOnlyList<PoseDefinition> poses)
    {
        if (poses.Count == 0)
        {
            return [];
        }

        var scenes = poses.Select(Draw).ToList();
        var shared = Frame(scenes.Select(s => s.Scene.Extent).Aggregate(Bounds.Union), MinAspect);
        return [.. poses.Zip(scenes, (pose, drawn) => new TechniquePicture(
            pose.Caption,
            pose.Alt,
            drawn.Scene.Write(pose.Alt, shared, 0, FloorStroke),
            drawn.Scene.Write(pose.Alt, Frame(drawn.Scene.Extent, 0), 0, FloorStroke)))];
    }

    /// <summary>The view box around what is drawn: the floor, some padding, and at least the given width to height.</summary>
    private static Bounds Frame(Bounds drawn, double minAspect)
    {
        var extent = Bounds.Union(drawn, new Bounds(drawn.MinX, -FloorStroke / 2, drawn.MaxX, 0)).Grow(Padding);
        if (extent.Width < extent.Height * minAspect)
        {
            var grow = ((extent.Height * minAspect) - extent.Width) / 2;
            extent = extent with { MinX = extent.MinX - grow, MaxX = extent.MaxX + grow };
        }

        return extent;
    }

    /// <summary>What is wrong with a pose's place in the picture: parts outside the frame or below the floor.</summary>
    public static IEnumerable<string> Problems(PoseDefinition pose)
    {
        var (scene, _) = Draw(pose);
        var extent = scene.Extent;
        const double tolerance = 1;
        if (extent.MinX < -tolerance || extent.MaxX > PoseRules.Width + tolerance)
        {
            yield return $"the picture goes past the {(extent.MinX < -tolerance ? "left" : "right")} edge of its frame (x from {SvgScene.N(extent.MinX)} to {SvgScene.N(extent.MaxX)}; the frame is 0 to {PoseRules.Width}): move the body with 'x' or change the angles";
        }

        if (extent.MaxY > PoseRules.Height + tolerance)
        {
            yield return $"the picture goes past the top of its frame (up to {SvgScene.N(extent.MaxY)}; the frame is {PoseRules.Height} high): lower the body with 'y' or change the angles";
        }

        // Equipment standing on the floor ends at it; its round caps may reach half a stroke below.
        if (extent.MinY < -(ItemStroke / 2) - 0.5)
        {
            yield return $"part of the picture goes through the floor (down to {SvgScene.N(extent.MinY)}): raise the body with 'y', or leave 'y' out so the body rests on the floor";
        }
    }

    private static (SvgScene Scene, Skeleton Body) Draw(PoseDefinition pose)
    {
        var hasMat = pose.Equipment.Any(e => e.Item == "mat");
        var body = Skeleton.Place(pose.Body, hasMat ? MatThickness : 0);
        var scene = new SvgScene();

        foreach (var item in pose.Equipment)
        {
            DrawItem(scene, body, item, pose.Equipment);
        }

        var farLayer = body.FromFront ? Layer.Body : Layer.FarLimbs;
        DrawLimb(scene, farLayer, body.FarLeg);
        DrawLimb(scene, farLayer, body.FarArm);
        foreach (var (from, to) in body.Crossbars)
        {
            scene.Line(Layer.Body, from, to, BodyStroke);
        }

        DrawLimb(scene, Layer.Body, body.NearLeg);
        scene.Curve(Layer.Body, body.Hips, body.Control, body.Shoulder, BodyStroke);
        var headBase = body.HeadCenter + ((body.Shoulder - body.HeadCenter).Unit * Skeleton.HeadRadius);
        scene.Line(Layer.Body, body.Shoulder, headBase, BodyStroke);
        scene.Circle(Layer.Body, body.HeadCenter, Skeleton.HeadRadius, BodyStroke);
        if (body.Nose is { } nose)
        {
            scene.Line(Layer.Body, nose.From, nose.To, 3);
        }

        DrawLimb(scene, Layer.Body, body.NearArm);
        return (scene, body);
    }

    private static void DrawLimb(SvgScene scene, Layer layer, LimbPoints limb) =>
        scene.Polyline(layer, BodyStroke, limb.Root, limb.Middle, limb.End, limb.Tip);

    private static Anchor Place(Skeleton body, PlacedEquipment item) =>
        item.Point is { } point
            ? new Anchor(new Vec(point.X, point.Y), new Vec(0, 1))
            : body.AnchorAt(item.Anchor ?? PoseRules.Equipment[item.Item] ?? "hips");

    private static void DrawItem(SvgScene scene, Skeleton body, PlacedEquipment item, ImmutableArray<PlacedEquipment> all)
    {
        var at = Place(body, item);
        var surface = at.Point + (at.Outward * (BodyStroke / 2));
        switch (item.Item)
        {
            case "mat":
                var xs = body.Outline().Select(p => p.X).ToList();
                scene.Line(Layer.Behind, new Vec(xs.Min() - 8, MatThickness / 2), new Vec(xs.Max() + 8, MatThickness / 2), MatThickness);
                break;
            case "foam-roller":
                var roller = surface + (at.Outward * (RollerRadius + (ItemStroke / 2)));
                scene.Circle(Layer.Behind, roller, RollerRadius, ItemStroke);
                scene.Circle(Layer.Behind, roller, 1.5, ItemStroke);
                break;
            case "ball":
                var ball = surface + (at.Outward * (BallRadius + (ItemStroke / 2)));
                scene.Circle(Layer.Front, ball, BallRadius, ItemStroke);
                break;
            case "wall":
                var ballHere = all.Any(e => e.Item == "ball" && e.Anchor == item.Anchor && e.Point is null);
                var wallX = surface.X + (Math.Sign(at.Outward.X) * ((ballHere ? (2 * BallRadius) + ItemStroke : 0) + (ItemStroke / 2)));
                DrawWall(scene, wallX, Math.Sign(at.Outward.X), body);
                break;
            case "door-frame":
                var top = Math.Max(118, body.Outline().Max(v => v.Y) + 6);
                var posts = body.FromFront ? new[] { body.NearArm.End.X, body.FarArm.End.X } : [item.Point is { } p ? p.X : at.Point.X - (body.Mirror * 5)];
                foreach (var postX in posts)
                {
                    scene.Polygon(Layer.Behind, ItemStroke, new Vec(postX - 3, 0), new Vec(postX - 3, top), new Vec(postX + 3, top), new Vec(postX + 3, 0));
                }

                if (posts.Length == 2)
                {
                    scene.Line(Layer.Behind, new Vec(posts[0] - 3, top), new Vec(posts[1] + 3, top), ItemStroke + 1);
                }

                break;
            case "band":
                scene.Line(Layer.Behind, new Vec(at.Point.X, 0), new Vec(at.Point.X, Math.Max(at.Point.Y + 25, 100)), ItemStroke + 1);
                scene.Line(Layer.Front, at.Point, body.NearArm.End, 2);
                scene.Line(Layer.Behind, at.Point, body.FarArm.End, 2);
                scene.Circle(Layer.Front, at.Point, 1.5, ItemStroke);
                break;
            case "chair":
                DrawChair(scene, body, item.Point is { } seat ? new Vec(seat.X, seat.Y) : at.Point + new Vec(0, -(BodyStroke / 2) - 1.5));
                break;
            case "desk":
                DrawDesk(scene, body, item.Point is { } edge ? new Vec(edge.X, edge.Y) : new Vec(at.Point.X - (body.Mirror * 4), at.Point.Y - 3.5));
                break;
            case "heat-pack":
            case "cold-pack":
                DrawPack(scene, at, surface, item.Item == "heat-pack");
                break;
            case "arrow":
                var from = surface + (at.Outward * 3);
                var to = from + (at.Outward * 11);
                scene.Line(Layer.Front, from, to, 2);
                scene.Polyline(Layer.Front, 2, to + (at.Outward.Clockwise(150) * 4.5), to, to + (at.Outward.Clockwise(-150) * 4.5));
                break;
            case "weight":
                scene.Circle(Layer.Front, body.NearArm.Tip, 3, ItemStroke);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(item), item.Item, "unknown equipment");
        }
    }

    private static void DrawWall(SvgScene scene, double x, int side, Skeleton body)
    {
        var top = Math.Max(110, body.Outline().Max(v => v.Y) + 8);
        scene.Line(Layer.Behind, new Vec(x, 0), new Vec(x, top), ItemStroke);
        for (var y = 8.0; y < top - 4; y += 12)
        {
            scene.Line(Layer.Behind, new Vec(x, y), new Vec(x + (side * 5), y + 5), 1.5);
        }
    }

    /// <summary>A side-on chair: the seat top at <paramref name="seat"/> (under the hips), the back rest behind the person.</summary>
    private static void DrawChair(SvgScene scene, Skeleton body, Vec seat)
    {
        var f = body.Mirror;
        var back = seat.X - (f * 9);
        var front = seat.X + (f * 17);
        scene.Polyline(Layer.Behind, ItemStroke, new Vec(back - (f * 3), seat.Y + 32), new Vec(back, seat.Y), new Vec(front, seat.Y));
        scene.Line(Layer.Behind, new Vec(back, seat.Y), new Vec(back, 0), ItemStroke);
        scene.Line(Layer.Behind, new Vec(front - (f * 2), seat.Y), new Vec(front - (f * 2), 0), ItemStroke);
    }

    /// <summary>A side-on desk whose near top edge is at <paramref name="edge"/>, with a keyboard and a screen whose top is at eye level.</summary>
    private static void DrawDesk(SvgScene scene, Skeleton body, Vec edge)
    {
        var f = body.Mirror;
        var far = edge.X + (f * 52);
        scene.Line(Layer.Behind, edge, new Vec(far, edge.Y), ItemStroke + 1);
        scene.Line(Layer.Behind, new Vec(edge.X + (f * 4), edge.Y), new Vec(edge.X + (f * 4), 0), ItemStroke);
        scene.Line(Layer.Behind, new Vec(far - (f * 4), edge.Y), new Vec(far - (f * 4), 0), ItemStroke);
        scene.Line(Layer.Behind, new Vec(edge.X + (f * 3), edge.Y + 2), new Vec(edge.X + (f * 13), edge.Y + 2), 2);

        var eye = body.HeadCenter.Y + 1;
        var screenX = Math.Clamp(body.HeadCenter.X + (f * 42), Math.Min(edge.X + (f * 22), far - (f * 8)), Math.Max(edge.X + (f * 22), far - (f * 8)));
        var bottom = Math.Max(edge.Y + 8, eye - 22);
        scene.Polyline(Layer.Behind, 2, new Vec(screenX - (f * 4), edge.Y + 1), new Vec(screenX + (f * 4), edge.Y + 1));
        scene.Line(Layer.Behind, new Vec(screenX, edge.Y + 1), new Vec(screenX, bottom), 2);
        scene.Polygon(Layer.Behind, ItemStroke, new Vec(screenX - (f * 2), bottom), new Vec(screenX - (f * 2), eye), new Vec(screenX + (f * 1), eye), new Vec(screenX + (f * 1), bottom));
    }

    /// <summary>A flat pack lying on the body with warmth lines or a snowflake above it.</summary>
    private static void DrawPack(SvgScene scene, Anchor at, Vec surface, bool heat)
    {
        var along = new Vec(-at.Outward.Y, at.Outward.X);
        var center = surface + (at.Outward * 3.2);
        Vec Corner(double a, double o) => center + (along * a) + (at.Outward * o);
        scene.Polygon(Layer.Front, ItemStroke, Corner(-8, -2), Corner(8, -2), Corner(8, 2), Corner(-8, 2));
        if (heat)
        {
            foreach (var a in new[] { -5.0, 0, 5 })
            {
                var start = Corner(a, 5);
                var mid = start + (at.Outward * 4);
                var end = mid + (at.Outward * 4);
                scene.Curve(Layer.Front, start, start + (at.Outward * 2) + (along * 2.5), mid, 1.5);
                scene.Curve(Layer.Front, mid, mid + (at.Outward * 2) + (along * -2.5), end, 1.5);
            }
        }
        else
        {
            var flake = Corner(0, 11);
            foreach (var angle in new[] { 0.0, 60, 120 })
            {
                var d = at.Outward.Clockwise(angle) * 4.5;
                scene.Line(Layer.Front, flake - d, flake + d, 1.5);
            }
        }
    }
}
