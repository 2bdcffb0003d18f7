using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Typed, line-aware reads from a YAML mapping. Every problem goes to the error sink with the line it is on;
/// keys that are never read are reported as unknown by <see cref="ReportUnknownKeys"/>.
/// </summary>
internal sealed partial class YamlFields
{
    private readonly YamlMappingNode map;
    private readonly ErrorSink errors;
    private readonly int lineOffset;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public YamlFields(YamlMappingNode map, ErrorSink errors, int lineOffset)
    {
        this.map = map;
        this.errors = errors;
        this.lineOffset = lineOffset;
    }

    public int Line => LineOf(map);

    public int LineOf(YamlNode node) => (int)node.Start.Line + lineOffset;

    public ErrorSink Errors => errors;

    /// <summary>The file line of the YAML document's first line, minus one: for reading nested mappings.</summary>
    public int LineOffset => lineOffset;

    /// <summary>Parses one YAML document whose first line is file line <paramref name="lineOffset"/> + 1.</summary>
    public static YamlMappingNode? ParseMapping(string yaml, ErrorSink errors, int lineOffset)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors.Add((int)ex.Start.Line + lineOffset, "YAML is not valid: " + FirstLine(ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this for some unclosed brackets; point at the last line it could read.
            errors.Add(LastReadableLine(yaml) + lineOffset, "YAML is not valid: check for an unclosed [ ], { } or quote on or after this line");
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(lineOffset + 1, "expected one YAML mapping of fields (name: value)");
            return null;
        }

        return root;
    }

    private static int LastReadableLine(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var line = 1L;
        try
        {
            while (parser.MoveNext())
            {
                line = parser.Current!.End.Line;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Stop at the first event the parser cannot read.
        }

        return (int)line;
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }

    public YamlNode? Node(string key)
    {
        read.Add(key);
        return map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }

    /// <summary>The line of a key itself (a list value starts on the line after its key).</summary>
    public int KeyLine(string key) =>
        map.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key) is { } k ? LineOf(k) : Line;

    public string? String(string key, bool required = true, int maxLength = 0)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                errors.Add(Line, $"missing required field '{key}'");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            errors.Add(LineOf(node), $"'{key}' must be non-empty text");
            return null;
        }

        var value = scalar.Value.Trim();
        if (maxLength > 0 && value.Length > maxLength)
        {
            errors.Add(LineOf(node), $"'{key}' is {value.Length} characters long; the limit is {maxLength}");
        }

        return value;
    }

    public int? Int(string key, int min, int max, bool required = true)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                errors.Add(Line, $"missing required field '{key}'");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(LineOf(node), $"'{key}' must be a whole number from {min} to {max}");
        return null;
    }

    public DateOnly? Date(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            errors.Add(Line, $"missing required field '{key}'");
            return null;
        }

        if (node is YamlScalarNode { Value: { } text }
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(LineOf(node), $"'{key}' must be a date written as YYYY-MM-DD");
        return null;
    }

    public ImmutableArray<string> StringList(string key, bool required, IReadOnlyCollection<string>? allowed = null, bool ids = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                errors.Add(Line, $"missing required field '{key}'");
            }

            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            errors.Add(LineOf(node), $"'{key}' must be a list");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var item in seq)
        {
            if (item is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw))
            {
                errors.Add(LineOf(item), $"each item of '{key}' must be non-empty text");
                continue;
            }

            var value = raw.Trim();
            if (ids && !IdPattern().IsMatch(value))
            {
                errors.Add(LineOf(item), $"'{value}' in '{key}' must be lowercase letters, digits and hyphens");
            }
            else if (allowed is not null && !allowed.Contains(value))
            {
                errors.Add(LineOf(item), $"unknown value '{value}' in '{key}'; expected one of: {string.Join(", ", allowed)}");
            }
            else if (result.Contains(value))
            {
                errors.Add(LineOf(item), $"'{value}' appears twice in '{key}'");
            }
            else
            {
                result.Add(value);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// A required list of one to <paramref name="maximum"/> short sentences, each ending in '.', '?' or '!', as the
    /// readability scorer counts sentences. Each problem is reported on the line of the item that has it.
    /// </summary>
    public ImmutableArray<string> Sentences(string key, int maximum, int maxLength)
    {
        var node = Node(key);
        if (node is null)
        {
            errors.Add(Line, $"missing required field '{key}': a list of one to {maximum} plain sentences");
            return [];
        }

        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            errors.Add(LineOf(node), $"'{key}' must be a list of one to {maximum} plain sentences");
            return [];
        }

        if (seq.Children.Count > maximum)
        {
            errors.Add(LineOf(seq.Children[maximum]), $"'{key}' has {seq.Children.Count} sentences; the limit is {maximum}");
        }

        var result = ImmutableArray.CreateBuilder<string>(seq.Children.Count);
        foreach (var item in seq)
        {
            if (item is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw))
            {
                errors.Add(LineOf(item), $"each item of '{key}' must be a sentence");
                continue;
            }

            var value = raw.Trim();
            if (value.Length > maxLength)
            {
                errors.Add(LineOf(item), $"a sentence in '{key}' is {value.Length} characters long; the limit is {maxLength}");
            }

            if (value[^1] is not ('.' or '?' or '!') || Markdown.Readability.Measure([value]).Sentences != 1)
            {
                errors.Add(LineOf(item), $"each item of '{key}' must be one sentence ending in '.', '?' or '!'");
            }

            result.Add(value);
        }

        return result.ToImmutable();
    }

    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var allowed = System.Enum.GetNames<TEnum>().Select(ToKebab).ToArray();
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (ToKebab(value.ToString()) == text)
            {
                return value;
            }
        }

        errors.Add(LineOf(Node(key)!), $"unknown {key} '{text}'; expected one of: {string.Join(", ", allowed)}");
        return null;
    }

    public ImmutableArray<Source> Sources(int minimum)
    {
        var node = Node("sources");
        if (node is null)
        {
            errors.Add(Line, "missing required field 'sources'");
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            errors.Add(KeyLine("sources"), "'sources' must be a list of items with a title and a url");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<Source>();
        foreach (var item in seq)
        {
            if (item is not YamlMappingNode itemMap)
            {
                errors.Add(LineOf(item), "each source needs a title and a url");
                continue;
            }

            var fields = new YamlFields(itemMap, errors, lineOffset);
            var title = fields.String("title");
            var url = fields.String("url");
            fields.ReportUnknownKeys("source");
            if (title is null || url is null)
            {
                continue;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add(fields.LineOf(fields.Node("url")!), $"source url '{url}' must be an absolute https URL");
                continue;
            }

            result.Add(new Source(title, uri));
        }

        if (result.Count < minimum)
        {
            errors.Add(KeyLine("sources"), $"at least {minimum} sources with URLs are required; found {result.Count}");
        }

        return result.ToImmutable();
    }

    public void ReportUnknownKeys(string what)
    {
        foreach (var (key, _) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!read.Contains(name))
            {
                errors.Add(LineOf(key), $"unknown {what} field '{name}'");
            }
        }
    }

    internal static string ToKebab(string pascal) =>
        KebabBoundary().Replace(pascal, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
