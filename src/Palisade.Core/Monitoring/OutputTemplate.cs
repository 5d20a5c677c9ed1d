using System.Text;

namespace Palisade.Core.Monitoring;

/// <summary>A rule's <c>output</c> with its <c>%field</c> placeholders resolved to readers.</summary>
public sealed class OutputTemplate
{
    private readonly List<(string Literal, string? Field, Func<MonitorEvent, string?>? Read)> parts;

    private OutputTemplate(List<(string, string?, Func<MonitorEvent, string?>?)> parts, IReadOnlyList<string> fields)
    {
        this.parts = parts;
        Fields = fields;
    }

    /// <summary>The fields the output names, in order, without repeats.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Parses <paramref name="text"/>; an unknown <c>%field</c> is reported at its offset.</summary>
    internal static OutputTemplate Parse(string text, Func<int, (int Line, int Column)> position)
    {
        var parts = new List<(string, string?, Func<MonitorEvent, string?>?)>();
        var fields = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '%' || i + 1 >= text.Length || !char.IsAsciiLetter(text[i + 1]))
            {
                literal.Append(text[i++]);
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '_'))
            {
                end++;
            }

            var name = text[start..end].TrimEnd('.');
            end = start + name.Length;
            var read = EventFields.Reader(name);
            if (read is null)
            {
                var (line, column) = position(i);
                throw new RuleSyntaxException(line, column, $"output names unknown field '%{name}'");
            }

            parts.Add((literal.ToString(), name, read));
            literal.Clear();
            if (!fields.Contains(name))
            {
                fields.Add(name);
            }

            i = end;
        }

        parts.Add((literal.ToString(), null, null));
        return new OutputTemplate(parts, fields);
    }

    /// <summary>The output text for an event; a field without a value renders as &lt;NA&gt;, like Falco.</summary>
    public string Render(MonitorEvent e)
    {
        var text = new StringBuilder();
        foreach (var (literal, _, read) in parts)
        {
            text.Append(literal);
            if (read is not null)
            {
                text.Append(read(e) ?? "<NA>");
            }
        }

        return text.ToString();
    }

    /// <summary>The named fields' values for an event.</summary>
    public IReadOnlyDictionary<string, string?> Values(MonitorEvent e) =>
        Fields.ToDictionary(f => f, f => EventFields.Reader(f)!(e), StringComparer.Ordinal);
}
