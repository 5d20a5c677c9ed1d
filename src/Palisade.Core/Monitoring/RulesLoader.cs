using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Palisade.Core.Monitoring;

/// <summary>
/// Reads Falco-style rules files (a YAML list of <c>rule</c>, <c>macro</c> and <c>list</c> items). Later files and
/// later items replace earlier ones of the same name. Every error is collected with its file, line and column.
/// </summary>
public static class RulesLoader
{
    private static readonly HashSet<string> IgnoredItems = new(StringComparer.Ordinal) { "required_engine_version", "required_plugin_versions" };

    public static RulesLoadResult Load(IReadOnlyList<(string File, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<RuleDiagnostic>();
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var macros = new Dictionary<string, ConditionNode>(StringComparer.Ordinal);
        var rules = new List<PendingRule>();
        foreach (var (file, text) in files)
        {
            ReadFile(file, text, lists, macros, rules, errors);
        }

        var compiler = new ConditionCompiler(macros, lists);
        var compiled = new List<CompiledRule>();
        foreach (var rule in rules.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g => g.Last()))
        {
            try
            {
                var condition = compiler.Compile(rule.Condition);
                if (rule.Enabled)
                {
                    compiled.Add(new CompiledRule(rule.Name, rule.Priority, rule.Output, rule.Tags, condition) { EventTypes = compiler.EventTypes(rule.Condition) });
                }
            }
            catch (RuleSyntaxException e)
            {
                errors.Add(new RuleDiagnostic(rule.File, e.Line, e.Column, $"rule '{rule.Name}': {e.Message}"));
            }
        }

        return new RulesLoadResult(errors.Count == 0 ? new RuleSet(compiled) : null, errors);
    }

    private static void ReadFile(string file, string text, Dictionary<string, IReadOnlyList<string>> lists,
        Dictionary<string, ConditionNode> macros, List<PendingRule> rules, List<RuleDiagnostic> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(new RuleDiagnostic(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {OneLine(e.InnerException?.Message ?? e.Message)}"));
            return;
        }

        var lines = text.Split('\n');
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlSequenceNode sequence)
            {
                errors.Add(At(file, document.RootNode, "a rules file is a YAML list of rule, macro and list items"));
                continue;
            }

            foreach (var node in sequence)
            {
                try
                {
                    ReadItem(file, lines, node, lists, macros, rules);
                }
                catch (RuleSyntaxException e)
                {
                    errors.Add(new RuleDiagnostic(file, e.Line, e.Column, e.Message));
                }
            }
        }
    }

    private static void ReadItem(string file, string[] lines, YamlNode node, Dictionary<string, IReadOnlyList<string>> lists,
        Dictionary<string, ConditionNode> macros, List<PendingRule> rules)
    {
        if (node is not YamlMappingNode item)
        {
            throw Error(node, "each item must be a mapping with a rule, macro or list key");
        }

        if (Scalar(item, "list") is { } listName)
        {
            var items = Sequence(item, "items") ?? throw Error(item, $"list '{listName.Value}' needs 'items'");
            lists[listName.Value!] = items.Select(i => i is YamlScalarNode s ? s.Value ?? "" : throw Error(i, "list items must be plain values"))
                .SelectMany(i => lists.TryGetValue(i, out var inner) ? inner : [i]).ToList();
            return;
        }

        if (Scalar(item, "macro") is { } macroName)
        {
            var condition = Scalar(item, "condition") ?? throw Error(item, $"macro '{macroName.Value}' needs 'condition'");
            macros[macroName.Value!] = ConditionParser.Parse(condition.Value ?? "", ScalarPositions.For(condition, lines));
            return;
        }

        if (Scalar(item, "rule") is { } ruleName)
        {
            rules.Add(ReadRule(file, lines, ruleName.Value ?? "", item));
            return;
        }

        if (item.Children.Keys.OfType<YamlScalarNode>().Any(k => IgnoredItems.Contains(k.Value ?? "")))
        {
            return;
        }

        throw Error(item, "each item must have a rule, macro or list key");
    }

    private static PendingRule ReadRule(string file, string[] lines, string name, YamlMappingNode item)
    {
        var conditionNode = Scalar(item, "condition") ?? throw Error(item, $"rule '{name}' needs 'condition'");
        var condition = ConditionParser.Parse(conditionNode.Value ?? "", ScalarPositions.For(conditionNode, lines));
        var outputNode = Scalar(item, "output") ?? throw Error(item, $"rule '{name}' needs 'output'");
        var output = OutputTemplate.Parse(outputNode.Value ?? "", ScalarPositions.For(outputNode, lines));
        var priorityNode = Scalar(item, "priority") ?? throw Error(item, $"rule '{name}' needs 'priority'");
        var priority = ParsePriority(priorityNode);
        var enabled = Scalar(item, "enabled") is not { } e || !string.Equals(e.Value, "false", StringComparison.OrdinalIgnoreCase);
        var tags = Sequence(item, "tags")?.OfType<YamlScalarNode>().Select(t => t.Value ?? "").ToList() ?? [];
        if (Sequence(item, "exceptions") is { } exceptions)
        {
            foreach (var exception in exceptions)
            {
                condition = new AndNode(condition, new NotNode(ExceptionCondition(exception), condition.Line, condition.Column));
            }
        }

        return new PendingRule(file, name, condition, output, priority, tags, enabled);
    }

    /// <summary>Falco's exception: (f1 c1 v1 and f2 c2 v2) or … for each tuple of values.</summary>
    private static ConditionNode ExceptionCondition(YamlNode node)
    {
        if (node is not YamlMappingNode exception)
        {
            throw Error(node, "an exception is a mapping with name, fields, comps and values");
        }

        var line = (int)exception.Start.Line;
        var column = (int)exception.Start.Column;
        var one = exception.Children.TryGetValue(new YamlScalarNode("fields"), out var fieldsNode) ? fieldsNode as YamlScalarNode : null;
        var single = one is not null;
        var fields = one is not null ? [one.Value ?? ""] : Sequence(exception, "fields")?.OfType<YamlScalarNode>().Select(f => f.Value ?? "").ToList()
            ?? throw Error(exception, "an exception needs 'fields'");
        foreach (var field in fields.Where(f => EventFields.Reader(f) is null))
        {
            throw Error(exception, $"exception names unknown field '{field}'");
        }

        var comps = exception.Children.TryGetValue(new YamlScalarNode("comps"), out var compsNode) && compsNode is YamlScalarNode comp ? [comp.Value ?? "="]
            : Sequence(exception, "comps")?.OfType<YamlScalarNode>().Select(c => c.Value ?? "=").ToList() ?? fields.Select(_ => "=").ToList();
        var values = Sequence(exception, "values");
        ConditionNode? result = null;
        foreach (var tuple in values?.Children ?? [])
        {
            var items = tuple is YamlSequenceNode s && !single ? s.Children.ToList() : [tuple];
            if (items.Count != fields.Count)
            {
                throw Error(tuple, $"exception values need {fields.Count} item(s), one per field");
            }

            ConditionNode? conjunction = null;
            for (var i = 0; i < fields.Count; i++)
            {
                var op = i < comps.Count ? comps[i] : "=";
                var isList = op is "in" or "pmatch" or "intersects";
                var value = items[i] switch
                {
                    YamlScalarNode v => [v.Value ?? ""],
                    YamlSequenceNode list => list.OfType<YamlScalarNode>().Select(v => v.Value ?? "").ToList(),
                    _ => throw Error(items[i], "exception values are plain values or lists"),
                };
                ConditionNode compare = new CompareNode(fields[i], op == "==" ? "=" : op, value, isList, (int)items[i].Start.Line, (int)items[i].Start.Column);
                conjunction = conjunction is null ? compare : new AndNode(conjunction, compare);
            }

            result = result is null ? conjunction! : new OrNode(result, conjunction!);
        }

        // No values: the exception excludes nothing (a condition that is never true).
        return result ?? new CompareNode("evt.type", "=", ["\0"], false, line, column);
    }

    private static RulePriority ParsePriority(YamlScalarNode node) => (node.Value ?? "").ToUpperInvariant() switch
    {
        "EMERGENCY" => RulePriority.Emergency,
        "ALERT" => RulePriority.Alert,
        "CRITICAL" => RulePriority.Critical,
        "ERROR" => RulePriority.Error,
        "WARNING" => RulePriority.Warning,
        "NOTICE" => RulePriority.Notice,
        "INFO" or "INFORMATIONAL" => RulePriority.Informational,
        "DEBUG" => RulePriority.Debug,
        _ => throw Error(node, $"unknown priority '{node.Value}' (EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG)"),
    };

    private static YamlScalarNode? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlScalarNode ?? throw Error(value, $"'{key}' must be a single value") : null;

    private static YamlSequenceNode? Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode ?? throw Error(value, $"'{key}' must be a list") : null;

    private static RuleSyntaxException Error(YamlNode node, string message) => new((int)node.Start.Line, (int)node.Start.Column, message);

    private static RuleDiagnostic At(string file, YamlNode node, string message) => new(file, (int)node.Start.Line, (int)node.Start.Column, message);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record PendingRule(string File, string Name, ConditionNode Condition, OutputTemplate Output, RulePriority Priority, IReadOnlyList<string> Tags, bool Enabled);
}
