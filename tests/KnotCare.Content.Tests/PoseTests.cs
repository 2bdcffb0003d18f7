using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CsCheck;
using KnotCare.Content.Poses;

namespace KnotCare.Content.Tests;

public sealed partial class PoseTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    [Fact]
    public void Every_technique_in_content_has_one_to_three_pictures_with_a_caption_and_alt_text()
    {
        var techniques = RepoContent.Load().Techniques;
        Assert.Equal(14, techniques.Length);
        foreach (var technique in techniques)
        {
            Assert.InRange(technique.Pictures.Length, 1, PoseRules.MaxPoses);
            Assert.All(technique.Pictures, p =>
            {
                Assert.False(string.IsNullOrWhiteSpace(p.Caption), technique.Slug);
                Assert.True(p.Alt.Length >= 30, $"{technique.Slug}: the alt text '{p.Alt}' is too short to say what the body does");
            });
        }
    }

    [Fact]
    public void Every_picture_in_content_is_valid_svg_drawn_inside_its_view_box()
    {
        foreach (var technique in RepoContent.Load().Techniques)
        {
            foreach (var picture in technique.Pictures)
            {
                AssertDrawnInside(picture.Svg, picture.Alt, $"{technique.Slug} '{picture.Caption}'");
                AssertDrawnInside(picture.Thumbnail, picture.Alt, $"{technique.Slug} '{picture.Caption}' (small)");
            }
        }
    }

    [Fact]
    public void The_poses_of_one_technique_share_a_view_box_so_they_are_drawn_at_one_scale()
    {
        foreach (var technique in RepoContent.Load().Techniques)
        {
            Assert.Single(technique.Pictures.Select(p => XDocument.Parse(p.Svg).Root!.Attribute("viewBox")!.Value).Distinct());
        }
    }

    [Fact]
    public void The_test_card_pose_is_read_from_front_matter()
    {
        var picture = Assert.Single(content.Load().Techniques.Single().Pictures);
        Assert.Equal("Ball between your back and the wall", picture.Caption);
        Assert.Equal("Standing with the back to a wall, leaning on a ball.", picture.Alt);
        Assert.Contains("<title>Standing with the back to a wall, leaning on a ball.</title>", picture.Svg, StringComparison.Ordinal);
    }

    /// <summary>For any pose the rules allow, in either view and with any equipment, the SVG is well formed and inside its view box.</summary>
    [Fact]
    public void Any_allowed_pose_renders_inside_its_view_box()
    {
        static Gen<double> In(JointRange r) => Gen.Double[r.Min, r.Max];
        // The wider shoulder and elbow ranges allowed for an arm out to the side hold all the others.
        var arm = Gen.Select(In(PoseRules.ShoulderOut), In(PoseRules.ElbowOut), In(PoseRules.Wrist), In(PoseRules.Out))
            .Select((s, e, w, o) => new ArmPose(s, e, w, o));
        var leg = Gen.Select(In(PoseRules.Hip), In(PoseRules.Knee), In(PoseRules.Ankle)).Select((h, k, a) => new LegPose(h, k, a));
        var items = Gen.OneOf(PoseRules.Equipment.Keys.Where(k => !PoseRules.NeedsPoint.Contains(k)).Select(Gen.Const).ToArray())
            .Select(item => new PlacedEquipment(item, null, null)).Array[0, 3];
        var body = Gen.Select(Gen.Enum<View>(), Gen.Double[40, 160], Gen.Enum<Facing>(), In(PoseRules.Torso), In(PoseRules.Back), In(PoseRules.Neck), Gen.Select(arm, arm, leg, leg))
            .Select((view, x, facing, torso, back, neck, limbs) =>
                new BodyPose(view, x, null, facing, torso, back, neck, limbs.Item1, limbs.Item2, limbs.Item3, limbs.Item4));
        Gen.Select(body, items).Sample((b, e) =>
        {
            var picture = Assert.Single(PoseRenderer.Render([new PoseDefinition("Caption", "A body in some position", b, [.. e])]));
            AssertDrawnInside(picture.Svg, "A body in some position", b.ToString());
        });
    }

    public static TheoryData<string, string, string, int, string> PoseErrors => new()
    {
        // description, old text, new text, expected line, expected message fragment
        { "an elbow bent past its range", "elbow: 10 }", "elbow: 170 }", 28, "'elbow' is 170 degrees, which a body cannot do here; it must be from 0 to 150" },
        { "a knee bent backwards", "knee: 25,", "knee: -10,", 29, "'knee' is -10 degrees" },
        { "an angle that is not a number", "torso: -6", "torso: lots", 27, "'torso' must be a number" },
        { "a pose without alt text", "    alt: Standing with the back to a wall, leaning on a ball.\n", "", 23, "missing required field 'alt'" },
        { "empty alt text", "alt: Standing with the back to a wall, leaning on a ball.", "alt: ''", 24, "'alt' must be non-empty text" },
        { "a pose without a body", "    body:\n      facing: right\n      torso: -6\n      arm: { shoulder: 6, elbow: 10 }\n      leg: { hip: 15, knee: 25, ankle: 96 }\n", "", 23, "missing required field 'body'" },
        { "an empty list of poses", "poses:\n", "poses: []\nold:\n", 22, "'poses' must be a list of one to 3 positions" },
        { "unknown equipment", "wall]", "sofa]", 30, "unknown equipment 'sofa'" },
        { "equipment at a body point that does not exist", "at: upper-back", "at: elbow-pit", 30, "'at' must be a body point" },
        { "a band with no place to tie it", "wall]", "band]", 30, "'band' needs a place in the picture" },
        { "an unknown facing", "facing: right", "facing: up", 26, "unknown facing 'up'" },
        { "an unknown body field", "      torso: -6\n", "      torso: -6\n      wings: 2\n", 28, "unknown body field 'wings'" },
        { "a figure past the right edge", "      torso: -6\n", "      torso: -6\n      x: 198\n", 25, "goes past the right edge of its frame" },
        { "a figure held up in the air through the floor", "      torso: -6\n", "      torso: -6\n      y: 20\n", 25, "goes through the floor" },
    };

    [Theory]
    [MemberData(nameof(PoseErrors))]
    public void Each_pose_error_names_the_file_and_line(string description, string oldText, string newText, int line, string message)
    {
        content.Replace("techniques/ball.md", oldText, newText);

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error.File == "content/techniques/ball.md", $"{description}: reported in {error.File}");
        Assert.True(error.Line == line, $"{description}: reported at line {error.Line}, expected {line}: {error.Message}");
    }

    [Fact]
    public void A_technique_without_poses_is_an_error()
    {
        var text = File.ReadAllText(Path.Combine(content.Root, "techniques/ball.md"));
        var start = text.IndexOf("poses:\n", StringComparison.Ordinal);
        var end = text.IndexOf("---\n## How", StringComparison.Ordinal);
        content.Write("techniques/ball.md", text[..start] + text[end..]);

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal(("content/techniques/ball.md", 2), (error.File, error.Line));
        Assert.StartsWith("missing required field 'poses'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_three_poses_is_an_error_on_the_fourth()
    {
        var text = File.ReadAllText(Path.Combine(content.Root, "techniques/ball.md"));
        var start = text.IndexOf("  - caption:", StringComparison.Ordinal);
        var end = text.IndexOf("---\n## How", StringComparison.Ordinal);
        var pose = text[start..end];
        content.Write("techniques/ball.md", text[..start] + pose + pose + pose + pose + text[end..]);

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal(23 + (3 * 8), error.Line);
        Assert.Contains("show at most 3", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Parses the SVG and checks what every picture must be: an SVG root with a view box, a title equal to the alt
    /// text, strokes in currentColor with round caps, and every shape (with half its stroke) inside the view box and
    /// of non-zero size.
    /// </summary>
    private static void AssertDrawnInside(string svg, string alt, string what)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal(alt, root.Element(Svg + "title")?.Value);
        Assert.Equal(alt, root.Attribute("aria-label")?.Value);
        Assert.Equal("img", root.Attribute("role")?.Value);
        var box = root.Attribute("viewBox")!.Value.Split(' ').Select(Number).ToArray();
        var (minX, minY, maxX, maxY) = (box[0], box[1], box[0] + box[2], box[1] + box[3]);
        Assert.True(box[2] > 0 && box[3] > 0, $"{what}: empty view box");
        var style = Assert.Single(root.Elements(Svg + "g"));
        Assert.Equal("currentColor", style.Attribute("stroke")?.Value);
        Assert.Equal("round", style.Attribute("stroke-linecap")?.Value);
        Assert.Equal("none", style.Attribute("fill")?.Value);
        Assert.DoesNotContain(root.Descendants(), e => e.Attribute("fill") is { } fill && fill.Parent != style);
        Assert.DoesNotContain(root.Descendants(), e => e.Attribute("stroke") is { } stroke && e != style);

        var shapes = root.Descendants().Where(e => e.Name.LocalName is "line" or "circle" or "path").ToList();
        Assert.True(shapes.Count >= 8, $"{what}: only {shapes.Count} shapes");
        foreach (var shape in shapes)
        {
            var half = Number(shape.Attribute("stroke-width")?.Value ?? throw new Xunit.Sdk.XunitException($"{what}: a shape without a stroke width")) / 2;
            var (points, radius) = shape.Name.LocalName switch
            {
                "line" => (new[] { P(shape, "x1", "y1"), P(shape, "x2", "y2") }, 0d),
                "circle" => (new[] { P(shape, "cx", "cy") }, Number(shape.Attribute("r")!.Value)),
                _ => (PathPoints(shape.Attribute("d")!.Value), 0d),
            };
            if (shape.Name.LocalName == "circle")
            {
                Assert.True(radius > 0, $"{what}: a circle of radius 0");
            }
            else
            {
                for (var i = 1; i < points.Length; i++)
                {
                    Assert.True(Math.Abs(points[i].X - points[i - 1].X) + Math.Abs(points[i].Y - points[i - 1].Y) > 0.05, $"{what}: a zero-length limb or line in {shape}");
                }
            }

            var pad = half + radius;
            foreach (var (x, y) in points)
            {
                Assert.True(double.IsFinite(x) && double.IsFinite(y), $"{what}: a point that is not a number in {shape}");
                Assert.True(x - pad >= minX - 0.06 && x + pad <= maxX + 0.06 && y - pad >= minY - 0.06 && y + pad <= maxY + 0.06,
                    $"{what}: {shape} reaches outside the view box {root.Attribute("viewBox")!.Value}");
            }
        }
    }

    private static (double X, double Y) P(XElement e, string x, string y) => (Number(e.Attribute(x)!.Value), Number(e.Attribute(y)!.Value));

    private static (double X, double Y)[] PathPoints(string d)
    {
        Assert.Matches("^M[-0-9. LQZ]+$", d);
        var numbers = PathNumber().Matches(d).Select(m => Number(m.Value)).ToArray();
        Assert.True(numbers.Length % 2 == 0 && numbers.Length >= 4, $"path '{d}' must have at least two points");
        return [.. numbers.Chunk(2).Select(c => (c[0], c[1]))];
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-?[0-9]+(\.[0-9]+)?")]
    private static partial Regex PathNumber();
}
