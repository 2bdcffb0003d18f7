using System.Globalization;
using System.Net;
using System.Text;

namespace KnotCare.Content.Poses;

/// <summary>The layers of a picture, drawn in this order.</summary>
internal enum Layer
{
    Behind,
    FarLimbs,
    Body,
    Front,
}

/// <summary>
/// Shapes in picture units (y up) that know their own extent, written out as SVG with y turned down. Only
/// absolute M, L and Q path commands are written, so the output is easy to check.
/// </summary>
internal sealed class SvgScene
{
    private readonly List<(Layer Layer, string Element, Bounds Bounds)> shapes = [];

    public Bounds Extent => shapes.Count == 0 ? Bounds.Empty : shapes.Select(s => s.Bounds).Aggregate(Bounds.Union);

    public void Line(Layer layer, Vec a, Vec b, double stroke) =>
        shapes.Add((layer, $"<line x1=\"{N(a.X)}\" y1=\"{N(-a.Y)}\" x2=\"{N(b.X)}\" y2=\"{N(-b.Y)}\"{Width(stroke)}/>", Bounds.Of(stroke / 2, a, b)));

    public void Polyline(Layer layer, double stroke, params Vec[] points) =>
        shapes.Add((layer, $"<path d=\"M{string.Join(" L", points.Select(P))}\"{Width(stroke)}/>", Bounds.Of(stroke / 2, points)));

    public void Polygon(Layer layer, double stroke, params Vec[] points) =>
        shapes.Add((layer, $"<path d=\"M{string.Join(" L", points.Select(P))} Z\"{Width(stroke)}/>", Bounds.Of(stroke / 2, points)));

    /// <summary>A quadratic curve; its extent is taken from its control polygon, which always holds it.</summary>
    public void Curve(Layer layer, Vec from, Vec control, Vec to, double stroke) =>
        shapes.Add((layer, $"<path d=\"M{P(from)} Q{P(control)} {P(to)}\"{Width(stroke)}/>", Bounds.Of(stroke / 2, from, control, to)));

    public void Circle(Layer layer, Vec center, double radius, double stroke) =>
        shapes.Add((layer, $"<circle cx=\"{N(center.X)}\" cy=\"{N(-center.Y)}\" r=\"{N(radius)}\"{Width(stroke)}/>",
            Bounds.Of(radius + (stroke / 2), center)));

    /// <summary>Writes the SVG element with the given view box (in picture units, y up).</summary>
    public string Write(string title, Bounds view, double floorY, double floorStroke)
    {
        var top = -view.MaxY;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pose-svg\" viewBox=\"{N(view.MinX)} {N(top)} {N(view.Width)} {N(view.Height)}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        sb.Append("<g fill=\"none\" stroke=\"currentColor\" stroke-linecap=\"round\" stroke-linejoin=\"round\">");
        var inset = floorStroke;
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"pose-floor\" x1=\"{N(view.MinX + inset)}\" y1=\"{N(-floorY)}\" x2=\"{N(view.MaxX - inset)}\" y2=\"{N(-floorY)}\" stroke-width=\"{N(floorStroke)}\"/>");
        foreach (var layer in Enum.GetValues<Layer>())
        {
            var elements = shapes.Where(s => s.Layer == layer).Select(s => s.Element).ToList();
            if (elements.Count == 0)
            {
                continue;
            }

            sb.Append(layer == Layer.FarLimbs ? "<g opacity=\"0.45\">" : "<g>");
            foreach (var element in elements)
            {
                sb.Append(element);
            }

            sb.Append("</g>");
        }

        sb.Append("</g></svg>");
        return sb.ToString();
    }

    private static string Width(double stroke) => $" stroke-width=\"{N(stroke)}\"";

    private static string P(Vec v) => N(v.X) + " " + N(-v.Y);

    internal static string N(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded == 0 ? 0 : rounded).ToString("0.#", CultureInfo.InvariantCulture);
    }
}

/// <summary>An axis-aligned box in picture units (y up).</summary>
internal readonly record struct Bounds(double MinX, double MinY, double MaxX, double MaxY)
{
    public static readonly Bounds Empty = new(double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);

    public double Width => MaxX - MinX;

    public double Height => MaxY - MinY;

    public static Bounds Of(double pad, params Vec[] points) => new(
        points.Min(p => p.X) - pad, points.Min(p => p.Y) - pad, points.Max(p => p.X) + pad, points.Max(p => p.Y) + pad);

    public static Bounds Union(Bounds a, Bounds b) =>
        new(Math.Min(a.MinX, b.MinX), Math.Min(a.MinY, b.MinY), Math.Max(a.MaxX, b.MaxX), Math.Max(a.MaxY, b.MaxY));

    public Bounds Grow(double by) => new(MinX - by, MinY - by, MaxX + by, MaxY + by);
}
