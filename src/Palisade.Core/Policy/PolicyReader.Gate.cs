using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Core.Scanning;

namespace Palisade.Core.Policy;

/// <summary>The <c>spec.gate</c> section (version 1), read with the same rules as the rest: every problem, located.</summary>
internal sealed partial class PolicyReader
{
    public const int GateVersion = 1;

    private static readonly string[] GateFields = ["version", "registries", "vulnerabilities", "cis"];
    private static readonly string[] GateRegistryFields = ["internal", "externalRuntimeClasses"];
    private static readonly string[] GateVulnerabilityFields = ["threshold", "countUnfixed", "maxReportAge", "escalate"];
    private static readonly string[] EscalationFields = ["severity", "unfixedOnly", "runtimeClasses"];
    private static readonly string[] CisFields = ["ignore"];

    private GatePolicy ReadGate(JsonObject spec, List<RuntimeClassDefinition> classes)
    {
        const string at = "/spec/gate";
        if (Mapping(spec, "gate", at, required: false) is not { } gate)
        {
            return GatePolicy.Default;
        }

        Fields(gate, at, GateFields);
        if (gate["version"] is not JsonValue versionNode || !versionNode.TryGetValue(out int version))
        {
            Problem(gate.ContainsKey("version") ? at + "/version" : at, $"gate.version must be the number {GateVersion}");
        }
        else if (version != GateVersion)
        {
            Problem(at + "/version", $"gate.version {version} is not supported by this palisade (only {GateVersion})");
        }

        var known = new HashSet<string>(classes.Select(c => c.Name), StringComparer.Ordinal);
        var result = GatePolicy.Default;
        if (Mapping(gate, "registries", at + "/registries", required: false) is { } registries)
        {
            Fields(registries, at + "/registries", GateRegistryFields);
            result = result with
            {
                InternalRegistries = Registries(registries, "internal", at + "/registries"),
                ExternalRuntimeClasses = ClassList(registries, "externalRuntimeClasses", at + "/registries", known),
            };
        }

        if (Mapping(gate, "vulnerabilities", at + "/vulnerabilities", required: false) is { } vulns)
        {
            var p = at + "/vulnerabilities";
            Fields(vulns, p, GateVulnerabilityFields);
            result = result with
            {
                Threshold = SeverityField(vulns, "threshold", p) ?? result.Threshold,
                CountUnfixed = Bool(vulns, "countUnfixed", p) ?? result.CountUnfixed,
                MaxReportAge = DurationField(vulns, "maxReportAge", p),
                Escalations = ReadEscalations(vulns, p, known),
            };
        }

        if (Mapping(gate, "cis", at + "/cis", required: false) is { } cis)
        {
            Fields(cis, at + "/cis", CisFields);
            var ignore = new List<string>();
            if (List(cis, "ignore", at + "/cis", required: false) is { } items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var p = $"{at}/cis/ignore/{i}";
                    if (AsString(items[i], p) is { } id)
                    {
                        if (!Cis.CisCatalog.Contains(id))
                        {
                            Problem(p, $"{Quote(id)} is not a CIS check palisade evaluates (see docs/gate.md)");
                        }

                        ignore.Add(id);
                    }
                }
            }

            result = result with { CisIgnore = ignore };
        }

        return result with { Version = GateVersion };
    }

    private List<EscalationRule> ReadEscalations(JsonObject vulns, string at, HashSet<string> known)
    {
        var rules = new List<EscalationRule>();
        if (List(vulns, "escalate", at, required: false) is not { } items)
        {
            return rules;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{at}/escalate/{i}";
            if (AsMapping(items[i], p) is not { } item)
            {
                continue;
            }

            Fields(item, p, EscalationFields);
            var severity = SeverityField(item, "severity", p);
            if (!item.ContainsKey("severity"))
            {
                Problem(p, "missing field \"severity\" in " + Where(p));
            }

            var classes = ClassList(item, "runtimeClasses", p, known);
            if (!item.ContainsKey("runtimeClasses"))
            {
                Problem(p, "missing field \"runtimeClasses\" in " + Where(p));
            }

            if (severity is { } s && classes.Count > 0)
            {
                rules.Add(new EscalationRule(s, Bool(item, "unfixedOnly", p) ?? false, classes));
            }
        }

        return rules;
    }

    private List<string> ClassList(JsonObject parent, string field, string at, HashSet<string> known)
    {
        var result = new List<string>();
        if (List(parent, field, at, required: false) is not { } items)
        {
            return result;
        }

        if (items.Count == 0)
        {
            Problem(at + "/" + field, $"{field} must name at least one runtime class");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{at}/{field}/{i}";
            if (AsString(items[i], p) is not { } cls)
            {
                continue;
            }

            if (!known.Contains(cls))
            {
                Problem(p, $"runtime class {Quote(cls)} is not defined in spec.runtimeClasses{KnownList(known)}");
            }
            else
            {
                result.Add(cls);
            }
        }

        return result;
    }

    private Severity? SeverityField(JsonObject parent, string field, string at)
    {
        var text = String(parent, field, at, required: false);
        if (text is null)
        {
            return null;
        }

        if (text.Any(char.IsUpper) || !SeverityNames.TryParse(text, out var severity) || text == "negligible")
        {
            Problem(at + "/" + field, $"{field} must be one of unknown, low, medium, high, critical (got {Quote(text)})");
            return null;
        }

        return severity;
    }

    private bool? Bool(JsonObject parent, string field, string at)
    {
        if (parent[field] is not { } node)
        {
            return null;
        }

        if (node is JsonValue v && v.TryGetValue(out bool b))
        {
            return b;
        }

        Problem(at + "/" + field, $"{field} must be true or false (got {node.ToJsonString()})");
        return null;
    }

    /// <summary><c>90m</c>, <c>24h</c>, <c>7d</c>: a positive whole number and one unit.</summary>
    private TimeSpan? DurationField(JsonObject parent, string field, string at)
    {
        var text = String(parent, field, at, required: false);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'm':
                    return TimeSpan.FromMinutes(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'd':
                    return TimeSpan.FromDays(n);
            }
        }

        Problem(at + "/" + field, $"{field} must be a duration such as 90m, 24h or 7d (got {Quote(text)})");
        return null;
    }
}
