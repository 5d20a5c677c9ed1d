using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>Names, labels and resource lists every target shares.</summary>
internal static class ExportNames
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The controllers whose pod templates the engine evaluates (and the webhook answers with warnings).</summary>
    public static readonly (string Group, string Version, string Kind, string Resource)[] Controllers =
    [
        ("apps", "v1", "Deployment", "deployments"),
        ("apps", "v1", "ReplicaSet", "replicasets"),
        ("apps", "v1", "StatefulSet", "statefulsets"),
        ("apps", "v1", "DaemonSet", "daemonsets"),
        ("batch", "v1", "Job", "jobs"),
        ("batch", "v1", "CronJob", "cronjobs"),
        ("", "v1", "ReplicationController", "replicationcontrollers"),
    ];

    public static string Base(RuntimePolicy policy) => $"palisade-{policy.Name}";

    public static JsonObject Metadata(string name, RuntimePolicy policy) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { [ManagedBy] = "palisade" },
        ["annotations"] = new JsonObject { ["palisade.dev/source-policy"] = policy.Name },
    };

    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

    /// <summary>resourceRules for pods (<paramref name="pods"/>) and/or the pod controllers.</summary>
    public static JsonArray ResourceRules(bool pods, bool controllers, params string[] operations)
    {
        var rules = new JsonArray();
        if (pods)
        {
            rules.Add(Rule("", "v1", ["pods"], operations));
        }

        if (controllers)
        {
            foreach (var group in Controllers.GroupBy(c => (c.Group, c.Version)))
            {
                rules.Add(Rule(group.Key.Group, group.Key.Version, [.. group.Select(c => c.Resource)], operations));
            }
        }

        return rules;
    }

    private static JsonObject Rule(string group, string version, string[] resources, string[] operations) => new()
    {
        ["apiGroups"] = Strings([group]),
        ["apiVersions"] = Strings([version]),
        ["operations"] = Strings(operations),
        ["resources"] = Strings(resources),
    };

    public static JsonArray Variables(CelPolicy cel) =>
        new([.. cel.Variables.Select(v => (JsonNode?)new JsonObject { ["name"] = v.Name, ["expression"] = v.Expression })]);

    public static JsonArray Validations(CelPolicy cel) =>
        new([.. cel.Validations.Select(v => (JsonNode?)new JsonObject
        {
            ["expression"] = v.Expression,
            ["messageExpression"] = v.MessageExpression,
            ["message"] = v.Message,
            ["reason"] = "Forbidden",
        })]);

    /// <summary>Fail when any tier with the rule fails closed; a loss when the tiers disagree (one failurePolicy per object).</summary>
    public static string FailurePolicy(IEnumerable<PolicyTier> tiers, string what, List<ExportLoss> losses)
    {
        var list = tiers.ToList();
        var closed = list.Any(t => t.FailureMode == FailureMode.Closed);
        foreach (var open in list.Where(t => t.FailureMode == FailureMode.Open && closed))
        {
            losses.Add(new ExportLoss(open.Name, $"failureMode open: the {what} has one failurePolicy for every tier, emitted as Fail"));
        }

        return closed || list.Count == 0 ? "Fail" : "Ignore";
    }
}
