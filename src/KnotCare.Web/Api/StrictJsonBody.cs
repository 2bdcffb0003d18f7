using System.Text.Json;

namespace KnotCare.Web.Api;

/// <summary>
/// Checks a JSON request body before anything reads meaning from it. A body must say one thing: a key that appears
/// twice in the same object anywhere in the body (even spelt with an escape, <c>"saddle\u002Dnumbness"</c>) is refused,
/// because the reader would otherwise keep only the last value, and a red flag answered "yes" could be silently
/// dropped. Every key and string must also be text: invalid UTF-8 and unpaired surrogate escapes (<c>"\ud800"</c>)
/// are refused, naming where they are, instead of failing later with an exception.
/// </summary>
/// <remarks>
/// System.Text.Json can refuse duplicates itself (<see cref="JsonDocumentOptions.AllowDuplicateProperties"/>, which the
/// endpoint also sets), but its error names neither the object nor a path; this walk names both, so the problem
/// response can say which key was repeated and where.
/// </remarks>
public static class StrictJsonBody
{
    /// <summary>Nesting deeper than this is refused (the API's bodies are two levels deep).</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// Returns null when the body is strict JSON; otherwise the key to name in the problem's errors (the repeated or
    /// unreadable key, or the key whose value is unreadable; "body" at the top level) and a message with the path.
    /// A body that is not JSON at all is left to the endpoint's own parser, which reports it.
    /// </summary>
    public static (string Key, string Message)? Check(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return Walk(document.RootElement, "$", "body");
        }
    }

    private static (string Key, string Message)? Walk(JsonElement element, string path, string key)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryText(() => property.Name, out var name))
                    {
                        return (key, $"A key in {path} is not valid text (invalid UTF-8 or an unpaired surrogate escape).");
                    }

                    var childPath = path + "." + name;
                    if (!seen.Add(name))
                    {
                        return (name, $"The key \"{name}\" appears more than once in {path}; each key may appear only once.");
                    }

                    if (Walk(property.Value, childPath, name) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{index++}]", key) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.String:
                return TryText(element.GetString, out _)
                    ? null
                    : (key, $"The value at {path} is not valid text (invalid UTF-8 or an unpaired surrogate escape).");
            default:
                return null;
        }
    }

    /// <summary>System.Text.Json throws InvalidOperationException when a string cannot be decoded to UTF-16.</summary>
    private static bool TryText(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }
}
