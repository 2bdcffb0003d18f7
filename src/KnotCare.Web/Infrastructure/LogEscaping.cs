using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace KnotCare.Web.Infrastructure;

/// <summary>
/// The one place where logged values are made safe to write: every string in an event's properties (request paths,
/// message arguments, framework values, nested structures) has its control characters escaped, so
/// nothing a client sends can start a new line in the log or move the terminal's cursor. A path such as
/// <c>/x%0a[00:00:00 INF] ...</c> used to write a forged line. Runs last, after every other enricher.
/// </summary>
/// <remarks>
/// Escaped: C0 controls, DEL, C1 controls (NEL included) and the Unicode line and paragraph separators, as \n, \r, \t
/// or \uXXXX. Message templates are the code's own text and exceptions are written as the runtime formats them.
/// </remarks>
public sealed class LogEscaping : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var safe = Escape(value);
            if (!ReferenceEquals(safe, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, safe));
            }
        }

        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The value itself when it has nothing to escape, so most events allocate nothing.</summary>
    private static LogEventPropertyValue Escape(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text } when NeedsEscaping(text):
                return new ScalarValue(Escape(text));
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Escape).ToList();
                return elements.SequenceEqual(sequence.Elements, ReferenceEqualityComparer.Instance) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var properties = structure.Properties.Select(p => (Original: p, Safe: Escape(p.Value))).ToList();
                return properties.TrueForAll(p => ReferenceEquals(p.Original.Value, p.Safe))
                    ? value
                    : new StructureValue([.. properties.Select(p => new LogEventProperty(p.Original.Name, p.Safe))], structure.TypeTag);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements
                    .Select(e => (Original: e, Key: (ScalarValue)Escape(e.Key), Value: Escape(e.Value)))
                    .ToList();
                return entries.TrueForAll(e => ReferenceEquals(e.Original.Key, e.Key) && ReferenceEquals(e.Original.Value, e.Value))
                    ? value
                    : new DictionaryValue(entries.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, e.Value)));
            default:
                return value;
        }
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when IsUnsafe(c) => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
