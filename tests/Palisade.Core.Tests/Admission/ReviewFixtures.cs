using System.Text.Json.Nodes;

namespace Palisade.Core.Tests.Admission;

/// <summary>AdmissionReview bodies shaped as the API server sends them.</summary>
internal static class ReviewFixtures
{
    public static JsonObject VendorLabels => new() { ["vendor-workload"] = "true" };

    /// <summary>
    /// A pod that passes restricted Pod Security once seccomp is defaulted, or a controller (Deployment, StatefulSet,
    /// CronJob, ...) whose template is that pod; a controller is named <paramref name="name"/><c>-owner</c>.
    /// </summary>
    public static JsonObject Object(string kind, string? name = "scraper", JsonObject? labels = null, string? runtimeClass = null)
    {
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "registry.example.com/vendor/scraper:1.2",
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

        var podMetadata = new JsonObject { ["labels"] = labels ?? new JsonObject() };
        if (kind == "Pod")
        {
            if (name is not null)
            {
                podMetadata["name"] = name;
            }

            return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = podMetadata, ["spec"] = spec };
        }

        var template = new JsonObject { ["metadata"] = podMetadata, ["spec"] = spec };
        var controllerSpec = kind == "CronJob"
            ? new JsonObject { ["schedule"] = "* * * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } } }
            : new JsonObject { ["replicas"] = 2, ["template"] = template };
        var metadata = new JsonObject { ["namespace"] = "team-a" };
        if (name is not null)
        {
            metadata["name"] = name + "-owner";
        }

        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = kind, ["metadata"] = metadata, ["spec"] = controllerSpec };
    }

    public static JsonObject Review(JsonObject obj, string kind = "Pod", string operation = "CREATE", string uid = "b5f8e6a2", string ns = "team-a") => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = kind is "Pod" or "PodTemplate" or "Service" ? "" : "apps", ["version"] = "v1", ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = kind.ToLowerInvariant() + "s" },
            ["name"] = (string?)obj["metadata"]?["name"] ?? "",
            ["namespace"] = ns,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "alice", ["groups"] = new JsonArray("system:authenticated") },
            ["object"] = obj,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" },
        },
    };
}
