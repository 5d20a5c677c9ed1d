using System.Text.Json.Nodes;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// Generated admission cases: pods and every controller kind, namespaces and their labels, pod labels, images in
/// every form the normaliser handles (tags, digests, ports, localhost, index.docker.io, upper case, wildcard edges),
/// own runtime classes and the fields the defaults touch. Seeded, so a failure names a reproducible case.
/// </summary>
internal static class ExportCorpus
{
    private static readonly string[] Kinds = ["Pod", "Pod", "Pod", "Pod", "Deployment", "CronJob", "Job", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"];
    private static readonly string[] Namespaces = ["default", "partners", "vendors", "sandbox", "shop", "etl"];
    private static readonly (string Key, string[] Values)[] NamespaceLabelChoices =
        [("palisade.dev/trust", ["untrusted", "trusted"]), ("env", ["prod", "dev"]), ("tenant", ["a", "b"])];
    private static readonly (string Key, string[] Values)[] PodLabelChoices =
        [("vendor-workload", ["true", "false"]), ("palisade.dev/trust", ["untrusted", "x"]), ("team", ["ml", "data", "web"]), ("sandbox", ["yes"])];
    private static readonly string[] Images =
    [
        "nginx", "nginx:1.25", "library/nginx", "docker.io/nginx", "index.docker.io/library/busybox:1.36", "docker.io/acme/tool",
        "registry.internal:5000/app:v1", "registry.internal/app", "REGISTRY.INTERNAL:5000/x", "ghcr.io/acme/tool@sha256:0123456789abcdef",
        "ghcr.io/acmex/tool", "ghcr.io/acme", "build.corp.example/a/b:1", "corp.example/x", "a.b.corp.example:443/y", "localhost/dev:1",
        "localhost:5000/dev", "quay.io/org/img:tag@sha256:feed", "gcr.io/distroless/static", "myuser/app", ".corp.example/x", "",
    ];
    private static readonly string?[] Classes = [null, null, "", "gvisor", "kata", "runc"];

    public sealed record Case(int Seed, string Kind, string Namespace, Dictionary<string, string> NamespaceLabels, JsonObject Object);

    public static List<Case> Generate(int count, int seed)
    {
        var r = new Random(seed);
        var cases = new List<Case>(count);
        for (var i = 0; i < count; i++)
        {
            cases.Add(One(r, i));
        }

        return cases;
    }

    private static Case One(Random r, int index)
    {
        var kind = Kinds[r.Next(Kinds.Length)];
        var ns = Namespaces[r.Next(Namespaces.Length)];
        var nsLabels = Pick(r, NamespaceLabelChoices);
        var podLabels = Pick(r, PodLabelChoices);
        var spec = new JsonObject();
        if (Classes[r.Next(Classes.Length)] is { } cls)
        {
            spec["runtimeClassName"] = cls;
        }

        switch (r.Next(5))
        {
            case 1: spec["securityContext"] = new JsonObject(); break;
            case 2: spec["securityContext"] = new JsonObject { ["runAsNonRoot"] = true }; break;
            case 3: spec["securityContext"] = new JsonObject { ["seccompProfile"] = new JsonObject { ["type"] = "Unconfined" } }; break;
        }

        switch (r.Next(3))
        {
            case 1: spec["automountServiceAccountToken"] = true; break;
            case 2: spec["automountServiceAccountToken"] = false; break;
        }

        if (r.Next(4) == 0)
        {
            spec["initContainers"] = Containers(r, "init", 1);
        }

        spec["containers"] = Containers(r, "c", 1 + r.Next(3));
        if (kind == "Pod" && r.Next(8) == 0)
        {
            spec["ephemeralContainers"] = Containers(r, "debug", 1);
        }

        var podMetadata = new JsonObject();
        if (podLabels.Count > 0)
        {
            podMetadata["labels"] = Labels(podLabels);
        }

        var name = $"case-{index}";
        JsonObject obj;
        if (kind == "Pod")
        {
            podMetadata["name"] = name;
            podMetadata["namespace"] = ns;
            obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = podMetadata, ["spec"] = spec };
        }
        else
        {
            var template = new JsonObject { ["metadata"] = podMetadata, ["spec"] = spec };
            var controllerSpec = kind == "CronJob"
                ? new JsonObject { ["schedule"] = "* * * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } } }
                : new JsonObject { ["template"] = template };
            var group = kind is "Job" or "CronJob" ? "batch/v1" : kind == "ReplicationController" ? "v1" : "apps/v1";
            obj = new JsonObject { ["apiVersion"] = group, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "x" } }, ["spec"] = controllerSpec };
        }

        return new Case(index, kind, ns, nsLabels, obj);
    }

    private static JsonArray Containers(Random r, string prefix, int count)
    {
        var list = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            list.Add(new JsonObject { ["name"] = $"{prefix}{i}", ["image"] = Images[r.Next(Images.Length)] });
        }

        return list;
    }

    private static Dictionary<string, string> Pick(Random r, (string Key, string[] Values)[] choices)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in choices)
        {
            if (r.Next(2) == 0)
            {
                labels[key] = values[r.Next(values.Length)];
            }
        }

        return labels;
    }

    public static JsonObject Labels(Dictionary<string, string> labels) =>
        new([.. labels.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))]);
}
