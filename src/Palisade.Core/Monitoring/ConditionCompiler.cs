using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Core.Monitoring;

/// <summary>Turns a parsed condition into a predicate, expanding macros and lists (cycles are errors).</summary>
internal sealed class ConditionCompiler(
    IReadOnlyDictionary<string, ConditionNode> macros,
    IReadOnlyDictionary<string, IReadOnlyList<string>> lists)
{
    private readonly Dictionary<string, Func<MonitorEvent, bool>> compiledMacros = new(StringComparer.Ordinal);
    private readonly HashSet<string> expanding = new(StringComparer.Ordinal);

    public Func<MonitorEvent, bool> Compile(ConditionNode node) => node switch
    {
        AndNode and => Both(Compile(and.Left), Compile(and.Right)),
        OrNode or => Either(Compile(or.Left), Compile(or.Right)),
        NotNode not => Negate(Compile(not.Operand)),
        MacroRefNode macro => Macro(macro),
        CompareNode compare => Compare(compare),
        _ => throw new InvalidOperationException($"unknown condition node {node.GetType().Name}"),
    };

    /// <summary>
    /// The evt.type values a compiled condition can match, or null when it may match any type. Conservative: only
    /// <c>evt.type =</c>/<c>in</c> narrow, <c>and</c> intersects, <c>or</c> unites, <c>not</c> widens to any.
    /// Call after <see cref="Compile"/> succeeded (macros are known to exist and to be acyclic).
    /// </summary>
    public HashSet<string>? EventTypes(ConditionNode node)
    {
        switch (node)
        {
            case AndNode and:
                var left = EventTypes(and.Left);
                var right = EventTypes(and.Right);
                if (left is null || right is null)
                {
                    return left ?? right;
                }

                left.IntersectWith(right);
                return left;
            case OrNode or:
                var a = EventTypes(or.Left);
                var b = EventTypes(or.Right);
                if (a is null || b is null)
                {
                    return null;
                }

                a.UnionWith(b);
                return a;
            case MacroRefNode macro:
                return EventTypes(macros[macro.Name]);
            case CompareNode { Field: "evt.type", Operator: "=" or "in" } compare:
                return new HashSet<string>(compare.IsList ? Expand(compare.Values) : compare.Values, StringComparer.Ordinal);
            default:
                return null;
        }
    }

    /// <summary>Expands list names among <paramref name="items"/>, recursively (lists may contain lists).</summary>
    public IReadOnlyList<string> Expand(IEnumerable<string> items)
    {
        var result = new List<string>();
        foreach (var item in items)
        {
            if (lists.TryGetValue(item, out var list))
            {
                result.AddRange(list);
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static System.Net.IPNetwork Network(string text, CompareNode node) =>
        System.Net.IPNetwork.TryParse(text, out var network) ? network
            : throw new RuleSyntaxException(node.Line, node.Column, $"'{text}' is not a network in CIDR form (10.0.0.0/8)");

    private static Func<MonitorEvent, bool> Both(Func<MonitorEvent, bool> a, Func<MonitorEvent, bool> b) => e => a(e) && b(e);

    private static Func<MonitorEvent, bool> Either(Func<MonitorEvent, bool> a, Func<MonitorEvent, bool> b) => e => a(e) || b(e);

    private static Func<MonitorEvent, bool> Negate(Func<MonitorEvent, bool> a) => e => !a(e);

    private Func<MonitorEvent, bool> Macro(MacroRefNode reference)
    {
        if (compiledMacros.TryGetValue(reference.Name, out var done))
        {
            return done;
        }

        if (!macros.TryGetValue(reference.Name, out var body))
        {
            throw new RuleSyntaxException(reference.Line, reference.Column, $"'{reference.Name}' is neither a field nor a macro defined in the rules");
        }

        if (!expanding.Add(reference.Name))
        {
            throw new RuleSyntaxException(reference.Line, reference.Column, $"macro '{reference.Name}' refers to itself");
        }

        var compiled = Compile(body);
        expanding.Remove(reference.Name);
        compiledMacros[reference.Name] = compiled;
        return compiled;
    }

    private Func<MonitorEvent, bool> Compare(CompareNode node)
    {
        var read = EventFields.Reader(node.Field)!;
        var values = node.IsList ? Expand(node.Values) : node.Values;
        switch (node.Operator)
        {
            case "exists":
                return e => read(e) is not null;
            case "in" or "intersects" when node.Field == "fd.snet":
                var networks = values.Select(v => Network(v, node)).ToArray();
                return e => e.ServerIp is { } ip && System.Net.IPAddress.TryParse(ip, out var address) && networks.Any(n => n.Contains(address));
            case "in" or "intersects":
                var set = new HashSet<string>(values, StringComparer.Ordinal);
                return e => read(e) is { } v && set.Contains(v);
            case "pmatch":
                var prefixes = values.Select(p => p.TrimEnd('/')).ToArray();
                return e => read(e) is { } v && prefixes.Any(p => v == p || v.StartsWith(p + "/", StringComparison.Ordinal));
        }

        var x = values[0];
        switch (node.Operator)
        {
            case "=":
                return e => string.Equals(read(e), x, StringComparison.Ordinal);
            case "!=":
                return e => read(e) is { } v && !string.Equals(v, x, StringComparison.Ordinal);
            case "startswith":
                return e => read(e) is { } v && v.StartsWith(x, StringComparison.Ordinal);
            case "endswith":
                return e => read(e) is { } v && v.EndsWith(x, StringComparison.Ordinal);
            case "contains":
                return e => read(e) is { } v && v.Contains(x, StringComparison.Ordinal);
            case "icontains":
                return e => read(e) is { } v && v.Contains(x, StringComparison.OrdinalIgnoreCase);
            case "glob":
                var regex = new Regex("^" + Regex.Escape(x).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
                    RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(50));
                return e => read(e) is { } v && regex.IsMatch(v);
        }

        if (!long.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            throw new RuleSyntaxException(node.Line, node.Column, $"'{node.Operator}' needs a number, not '{x}'");
        }

        Func<long, bool> test = node.Operator switch
        {
            "<" => v => v < number,
            "<=" => v => v <= number,
            ">" => v => v > number,
            _ => v => v >= number,
        };
        if (EventFields.NumberReader(node.Field) is { } readNumber)
        {
            return e => readNumber(e) is { } v && test(v);
        }

        return e => long.TryParse(read(e), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && test(v);
    }
}
