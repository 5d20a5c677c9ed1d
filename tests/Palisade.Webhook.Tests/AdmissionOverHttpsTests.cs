using System.Text.Json.Nodes;
using Palisade.Core.Policy;

namespace Palisade.Webhook.Tests;

/// <summary>Decisions of the built-in policy, asked over HTTPS of a real Kestrel on 127.0.0.1.</summary>
public sealed class AdmissionOverHttpsTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Mutate_VendorPod_PatchesRuntimeClassToTierClass()
    {
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true")));

        Assert.True((bool)response["allowed"]!);
        Assert.Equal("9d1f3c5e-0000-4000-8000-000000000001", (string?)response["uid"]);
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patch = JsonNode.Parse(Convert.FromBase64String((string)response["patch"]!))!.AsArray();
        Assert.Contains(patch, op => (string?)op!["op"] == "add" && (string?)op["path"] == "/spec/runtimeClassName" && (string?)op["value"] == "kata");
        Assert.Equal("vendor", (string?)response["auditAnnotations"]!["tier"]);
    }

    [Fact]
    public async Task Mutate_VendorPodNamingRunc_DeniedWithTierAndReason()
    {
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true", runtimeClass: "runc")));

        Assert.False((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        var status = response["status"]!;
        Assert.Equal(403, (int)status["code"]!);
        var message = (string)status["message"]!;
        Assert.Contains("vendor", message, StringComparison.Ordinal);
        Assert.Contains("vendor-workload=true", message, StringComparison.Ordinal);
        Assert.Contains("runc", message, StringComparison.Ordinal);
        Assert.Contains("kata", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_TrustedPod_AllowedUntouched()
    {
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("web")));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
        Assert.Equal("trusted", (string?)response["auditAnnotations"]!["tier"]);
    }

    [Fact]
    public async Task Validate_TrustedPod_Allowed()
    {
        var response = await server.ReviewAsync("/validate", Reviews.Review(Reviews.Pod("web")));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
    }

    [Fact]
    public async Task Validate_VendorPodThatSkippedMutation_DeniedNamingMissingClass()
    {
        var response = await server.ReviewAsync("/validate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true")));

        Assert.False((bool)response["allowed"]!);
        var message = (string)response["status"]!["message"]!;
        Assert.Contains("not mutated", message, StringComparison.Ordinal);
        Assert.Contains("spec.runtimeClassName=\"kata\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_VendorDeploymentNamingRunc_WarnsInsteadOfDenying()
    {
        var deployment = Reviews.Deployment("scraper", Reviews.Pod("scraper", "vendor-workload=true", runtimeClass: "runc"));

        var response = await server.ReviewAsync("/mutate", Reviews.Review(deployment));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        var warnings = response["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Contains(warnings, w => w.Contains("would be denied", StringComparison.Ordinal) && w.Contains("vendor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_VendorDeployment_WarnsAboutTheClassItsPodsWillGet()
    {
        var deployment = Reviews.Deployment("scraper", Reviews.Pod("scraper", "vendor-workload=true"));

        var response = await server.ReviewAsync("/validate", Reviews.Review(deployment));

        Assert.True((bool)response["allowed"]!);
        var warnings = response["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Contains(warnings, w => w.Contains("spec.runtimeClassName=\"kata\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mutate_TrustedDeployment_AllowedWithoutWarnings()
    {
        // A controller with nothing to patch or warn about once made the handler fail the request.
        var deployment = Reviews.Deployment("web", Reviews.Pod("web"));

        var response = await server.ReviewAsync("/mutate", Reviews.Review(deployment));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["warnings"]);
        Assert.Equal("trusted", (string?)response["auditAnnotations"]!["tier"]);
    }

    [Fact]
    public async Task Mutate_DryRun_SameAnswerAsRealRequest()
    {
        var pod = Reviews.Pod("scraper", "vendor-workload=true");

        var real = await server.ReviewAsync("/mutate", Reviews.Review(pod));
        var dry = await server.ReviewAsync("/mutate", Reviews.Review(pod, dryRun: true));

        Assert.Equal(real.ToJsonString(), dry.ToJsonString());
    }

    [Fact]
    public async Task Mutate_PatchedPodReviewedAgain_EmptyPatchAndAllowed()
    {
        var pod = Reviews.Pod("scraper", "palisade.dev/trust=untrusted");
        var first = await server.ReviewAsync("/mutate", Reviews.Review(pod));
        var ops = JsonNode.Parse(Convert.FromBase64String((string)first["patch"]!))!.AsArray()
            .Select(op => new JsonPatchOperation((string)op!["op"]!, (string)op["path"]!, op["value"]?.DeepClone()))
            .ToList();
        var patched = JsonPatch.Apply(pod, ops);

        var second = await server.ReviewAsync("/mutate", Reviews.Review(patched));
        var validated = await server.ReviewAsync("/validate", Reviews.Review(patched));

        Assert.Equal("gvisor", (string?)patched["spec"]!["runtimeClassName"]);
        Assert.True((bool)second["allowed"]!);
        Assert.Null(second["patch"]);
        Assert.True((bool)validated["allowed"]!);
    }

    [Fact]
    public async Task Mutate_PodUpdate_NeverPatched()
    {
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true"), operation: "UPDATE"));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
    }

    [Fact]
    public async Task Mutate_Delete_AllowedWithoutEvaluation()
    {
        var review = JsonNode.Parse(Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true", runtimeClass: "runc"), operation: "DELETE"))!;
        review["request"]!["oldObject"] = review["request"]!["object"]!.DeepClone();
        review["request"]!.AsObject().Remove("object");

        var response = await server.ReviewAsync("/mutate", review.ToJsonString());

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["auditAnnotations"]);
    }

    [Fact]
    public async Task Mutate_ContentOfMetrics_CountsDecisionByTierAndClass()
    {
        await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true")));

        var metrics = await server.GetStringAsync("/metrics");

        Assert.Contains("palisade_admission_requests_total{operation=\"mutate\",kind=\"Pod\",decision=\"patched\",tier=\"vendor\",runtime_class=\"kata\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_admission_duration_seconds_count{operation=\"mutate\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("admission mutate patched Pod team-a/scraper tier=vendor runtimeClass=kata", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_Probes_AnswerOk()
    {
        Assert.Equal("ok\n", await server.GetStringAsync("/healthz"));
        Assert.Equal("ready\n", await server.GetStringAsync("/readyz"));
        using var missing = await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/nothing"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        using var get = await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/mutate"));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }
}
