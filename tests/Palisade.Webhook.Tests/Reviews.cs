using System.Text.Json.Nodes;

namespace Palisade.Webhook.Tests;

/// <summary>AdmissionReview bodies as the API server sends them.</summary>
internal static class Reviews
{
    /// <summary>A pod that passes restricted Pod Security once seccomp is defaulted.</summary>
    public static JsonObject Pod(string name, string? label = null, string? runtimeClass = null, string ns = "team-a")
    {
        var labels = new JsonObject { ["app"] = name };
        if (label is not null)
        {
            var parts = label.Split('=');
            labels[parts[0]] = parts[1];
        }

        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "registry.example.com/vendor/app:1.0",
                ["securityContext"] = new JsonObject
                {
                    ["allowPrivilegeEscalation"] = false,
                    ["runAsNonRoot"] = true,
                    ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                },
            }),
        };
        if (runtimeClass is not null)
        {
            spec["runtimeClassName"] = runtimeClass;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = spec,
        };
    }

    public static JsonObject Deployment(string name, JsonObject pod)
    {
        var metadata = pod["metadata"]!.DeepClone().AsObject();
        metadata.Remove("name");
        metadata.Remove("namespace");
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = pod["metadata"]!["namespace"]!.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject { ["metadata"] = metadata, ["spec"] = pod["spec"]!.DeepClone() },
            },
        };
    }

    public static string Review(JsonNode obj, string operation = "CREATE", bool dryRun = false, string uid = "9d1f3c5e-0000-4000-8000-000000000001")
    {
        var kind = (string)obj["kind"]!;
        var (group, version) = ((string)obj["apiVersion"]!).Split('/') is [var g, var v] ? (g, v) : ("", (string)obj["apiVersion"]!);
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = kind.ToLowerInvariant() + "s" },
                ["name"] = obj["metadata"]?["name"]?.DeepClone(),
                ["namespace"] = obj["metadata"]?["namespace"]?.DeepClone(),
                ["operation"] = operation,
                ["userInfo"] = new JsonObject { ["username"] = "alice", ["groups"] = new JsonArray("system:authenticated") },
                ["object"] = obj.DeepClone(),
                ["dryRun"] = dryRun,
            },
        };
        return review.ToJsonString();
    }
}
