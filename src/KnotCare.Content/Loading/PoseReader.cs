using System.Collections.Immutable;
using System.Globalization;
using KnotCare.Content.Poses;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Reads a technique's <c>poses</c> list: one to three key positions, each with a caption, alt text, a body pose
/// and the equipment drawn with it. Every problem goes to the error sink with its line.
/// </summary>
internal static class PoseReader
{
    public static ImmutableArray<PoseDefinition> Read(YamlFields fields)
    {
        var node = fields.Node("poses");
        var errors = fields.Errors;
        if (node is null)
        {
            errors.Add(fields.Line, "missing required field 'poses': describe one to three key positions so the technique can be drawn");
            return [];
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            errors.Add(fields.KeyLine("poses"), $"'poses' must be a list of one to {PoseRules.MaxPoses} positions, each with a caption, alt, body and equipment");
            return [];
        }

        if (list.Children.Count > PoseRules.MaxPoses)
        {
            errors.Add(fields.LineOf(list.Children[PoseRules.MaxPoses]), $"'poses' has {list.Children.Count} positions; show at most {PoseRules.MaxPoses}");
        }

        var result = ImmutableArray.CreateBuilder<PoseDefinition>();
        foreach (var item in list.Children.Take(PoseRules.MaxPoses))
        {
            if (item is not YamlMappingNode map)
            {
                errors.Add(fields.LineOf(item), "each pose needs a caption, alt, body and equipment");
                continue;
            }

            var before = errors.Errors.Count;
            var pose = new YamlFields(map, errors, fields.LineOffset);
            var caption = pose.String("caption", maxLength: PoseRules.MaxCaptionLength);
            var alt = pose.String("alt", maxLength: PoseRules.MaxAltLength);
            var body = ReadBody(pose);
            var equipment = ReadEquipment(pose);
            pose.ReportUnknownKeys("pose");
            if (caption is null || alt is null || body is null || errors.Errors.Count > before)
            {
                continue;
            }

            var definition = new PoseDefinition(caption, alt, body, equipment);
            foreach (var problem in PoseRenderer.Problems(definition))
            {
                errors.Add(pose.KeyLine("body"), problem);
            }

            result.Add(definition);
        }

        return result.ToImmutable();
    }

    private static BodyPose? ReadBody(YamlFields pose)
    {
        var node = pose.Node("body");
        if (node is null)
        {
            pose.Errors.Add(pose.Line, "missing required field 'body' (the angles of the body in this position)");
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            pose.Errors.Add(pose.LineOf(node), "'body' must be a set of fields: facing, torso, back, neck, arm, leg");
            return null;
        }

        var body = new YamlFields(map, pose.Errors, pose.LineOffset);
        var view = body.Node("view") is null ? View.Side : body.Enum<View>("view");
        var facing = view == View.Front && body.Node("facing") is null ? Facing.Right : body.Enum<Facing>("facing");
        var x = Degrees(body, PoseRules.X, 100);
        var y = body.Node("y") is null ? (double?)null : Degrees(body, PoseRules.Y, 0);
        var torso = Degrees(body, PoseRules.Torso, 0);
        var back = Degrees(body, PoseRules.Back, 0);
        var neck = Degrees(body, PoseRules.Neck, 0);
        var arm = ReadArm(body, "arm", null);
        var farArm = body.Node("farArm") is null ? arm : ReadArm(body, "farArm", arm);
        var hipRange = view == View.Front ? PoseRules.FrontHip : PoseRules.Hip;
        var leg = ReadLeg(body, "leg", null, hipRange);
        var farLeg = body.Node("farLeg") is null ? leg : ReadLeg(body, "farLeg", leg, hipRange);
        body.ReportUnknownKeys("body");
        return view is { } v && facing is { } f && arm is not null && farArm is not null && leg is not null && farLeg is not null
            ? new BodyPose(v, x, y, f, torso, back, neck, arm, farArm, leg, farLeg)
            : null;
    }

    private static ArmPose? ReadArm(YamlFields body, string key, ArmPose? defaults)
    {
        var limb = Limb(body, key, "shoulder, elbow and wrist");
        if (limb is null)
        {
            return defaults is null && body.Node(key) is null ? new ArmPose(0, 0, 0, 0) : null;
        }

        var outward = Degrees(limb, PoseRules.Out, defaults?.Out ?? 0);
        var seenEndOn = outward >= PoseRules.OutOfPlane;
        var arm = new ArmPose(
            Degrees(limb, seenEndOn ? PoseRules.ShoulderOut : PoseRules.Shoulder, defaults?.Shoulder ?? 0),
            Degrees(limb, seenEndOn ? PoseRules.ElbowOut : PoseRules.Elbow, defaults?.Elbow ?? 0),
            Degrees(limb, PoseRules.Wrist, defaults?.Wrist ?? 0),
            outward);
        limb.ReportUnknownKeys(key);
        return arm;
    }

    private static LegPose? ReadLeg(YamlFields body, string key, LegPose? defaults, JointRange hip)
    {
        var limb = Limb(body, key, "hip, knee and ankle");
        if (limb is null)
        {
            return defaults is null && body.Node(key) is null ? new LegPose(0, 0, 90) : null;
        }

        var leg = new LegPose(
            Degrees(limb, hip, defaults?.Hip ?? 0),
            Degrees(limb, PoseRules.Knee, defaults?.Knee ?? 0),
            Degrees(limb, PoseRules.Ankle, defaults?.Ankle ?? 90));
        limb.ReportUnknownKeys(key);
        return leg;
    }

    private static YamlFields? Limb(YamlFields body, string key, string joints)
    {
        var node = body.Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            body.Errors.Add(body.LineOf(node), $"'{key}' must be a set of angles: {joints}");
            return null;
        }

        return new YamlFields(map, body.Errors, body.LineOffset);
    }

    /// <summary>Reads an optional angle (or position), reporting a value outside its range with what the range means.</summary>
    private static double Degrees(YamlFields fields, JointRange range, double fallback)
    {
        var node = fields.Node(range.Name);
        if (node is null)
        {
            return fallback;
        }

        if (node is not YamlScalarNode { Value: { } text }
            || !double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            fields.Errors.Add(fields.LineOf(node), $"'{range.Name}' must be a number");
            return fallback;
        }

        if (value < range.Min || value > range.Max)
        {
            var what = range == PoseRules.X || range == PoseRules.Y ? "" : " degrees";
            fields.Errors.Add(fields.LineOf(node), $"'{range.Name}' is {text}{what}, which a body cannot do here; it must be from {range.Min} to {range.Max} ({range.Meaning})");
            return fallback;
        }

        return value;
    }

    private static ImmutableArray<PlacedEquipment> ReadEquipment(YamlFields pose)
    {
        var node = pose.Node("equipment");
        if (node is null)
        {
            pose.Errors.Add(pose.Line, "missing required field 'equipment' (write 'equipment: []' when nothing is used)");
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            pose.Errors.Add(pose.LineOf(node), "'equipment' must be a list, such as [mat] or [{ item: ball, at: upper-back }]");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<PlacedEquipment>();
        foreach (var entry in list)
        {
            var line = pose.LineOf(entry);
            string? item;
            string? anchor = null;
            PicturePoint? point = null;
            if (entry is YamlScalarNode { Value: { } name })
            {
                item = name.Trim();
            }
            else if (entry is YamlMappingNode map)
            {
                var fields = new YamlFields(map, pose.Errors, pose.LineOffset);
                item = fields.String("item");
                (anchor, point) = ReadPlace(fields);
                fields.ReportUnknownKeys("equipment");
            }
            else
            {
                pose.Errors.Add(line, "each piece of equipment is a name, or { item: name, at: body point or [x, y] }");
                continue;
            }

            if (item is null)
            {
                continue;
            }

            if (!PoseRules.Equipment.ContainsKey(item))
            {
                pose.Errors.Add(line, $"unknown equipment '{item}'; expected one of: {string.Join(", ", PoseRules.Equipment.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }

            if (PoseRules.NeedsPoint.Contains(item) && point is null)
            {
                pose.Errors.Add(line, $"'{item}' needs a place in the picture: at: [x, y]");
                continue;
            }

            result.Add(new PlacedEquipment(item, anchor, point));
        }

        return result.ToImmutable();
    }

    private static (string? Anchor, PicturePoint? Point) ReadPlace(YamlFields fields)
    {
        var node = fields.Node("at");
        switch (node)
        {
            case null:
                return (null, null);
            case YamlScalarNode { Value: { } name } when PoseRules.AnchorSet.Contains(name.Trim()):
                return (name.Trim(), null);
            case YamlSequenceNode { Children.Count: 2 } pair
                when pair[0] is YamlScalarNode { Value: { } xs } && pair[1] is YamlScalarNode { Value: { } ys }
                    && double.TryParse(xs, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x)
                    && double.TryParse(ys, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var y):
                if (x < 0 || x > PoseRules.Width || y < 0 || y > PoseRules.Height)
                {
                    fields.Errors.Add(fields.LineOf(node), $"'at' [{xs}, {ys}] is outside the picture: x must be from 0 to {PoseRules.Width} and y from 0 to {PoseRules.Height}");
                    return (null, null);
                }

                return (null, new PicturePoint(x, y));
            default:
                fields.Errors.Add(fields.LineOf(node), $"'at' must be a body point ({string.Join(", ", PoseRules.Anchors)}) or a point [x, y] in the picture");
                return (null, null);
        }
    }
}
