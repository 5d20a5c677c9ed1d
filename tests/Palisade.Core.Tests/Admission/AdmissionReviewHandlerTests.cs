using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Core.Admission;
using Palisade.Core.Policy;

using static Palisade.Core.Tests.Admission.ReviewFixtures;

namespace Palisade.Core.Tests.Admission;

public sealed class AdmissionReviewHandlerTests
{
    private static readonly AdmissionReviewHandler Handler = new(RuntimePolicyLoader.Default, NamespaceLabels.Empty);

    [Theory]
    [InlineData("""{"uid":7}""", "expected a string at $.request.uid, found a number")]
    [InlineData("""{"uid":"u","kind":"Pod"}""", "expected an object at $.request.kind, found a string")]
    [InlineData("""{"uid":"u","kind":{"kind":5}}""", "expected a string at $.request.kind.kind, found a number")]
    [InlineData("""{"uid":"u","operation":true}""", "expected a string at $.request.operation, found a boolean")]
    [InlineData("""{"uid":"u","userInfo":[]}""", "expected an object at $.request.userInfo, found an array")]
    [InlineData("""{"uid":"u","userInfo":{"username":"a","groups":["g",1]}}""", "expected a string at $.request.userInfo.groups[1], found a number")]
    [InlineData("""{"uid":"u","dryRun":"yes"}""", "expected true or false at $.request.dryRun, found a string")]
    public void Handle_RequestFieldOfTheWrongType_BadRequestNamingItsPath(string request, string expected)
    {
        var (outcome, written) = Handle($$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{request}}}""");

        Assert.Equal("malformed AdmissionReview: " + expected, outcome.BadRequest);
        Assert.Empty(written);
    }

    [Fact]
    public void Handle_NullFields_ReadAsAbsent()
    {
        var (outcome, _) = Handle("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":null,"name":null,"userInfo":null,"dryRun":null,"object":null,"operation":"DELETE"}}""");

        Assert.Null(outcome.BadRequest);
        Assert.Equal("allowed", outcome.Verdict);
    }

    [Fact]
    public void Handle_DuplicateField_LastOneCounts()
    {
        // Go's encoding/json, and so the API server, keeps the last of duplicate keys.
        var review = Review(Pod(), uid: "first");
        var text = review.ToJsonString().Replace("\"uid\":\"first\"", "\"uid\":\"first\",\"uid\":\"second\"", StringComparison.Ordinal);

        var (outcome, written) = Handle(text);

        Assert.Equal("second", outcome.Uid);
        Assert.Equal("second", (string?)JsonNode.Parse(written)!["response"]!["uid"]);
    }

    [Fact]
    public void Handle_PodWithStatusAndUnknownFields_DecodedAndPatched()
    {
        var pod = Pod();
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False" }) };
        pod["spec"]!["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };

        var (outcome, written) = Handle(Review(pod).ToJsonString());

        Assert.Equal("patched", outcome.Verdict);
        Assert.Equal("kata", outcome.RuntimeClass);
        var patch = Encoding.UTF8.GetString(Convert.FromBase64String((string)JsonNode.Parse(written)!["response"]!["patch"]!));
        Assert.Contains("""{"op":"add","path":"/spec/runtimeClassName","value":"kata"}""", patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec", "/spec/containers/0/ports/0/containerPort")]
    [InlineData("metadata", "/metadata/labels")]
    public void Handle_PodWithAnUndecodableField_FailModeNamesTheField(string where, string field)
    {
        var pod = Pod();
        if (where == "spec")
        {
            pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = "http" });
        }
        else
        {
            pod["metadata"]!["labels"] = new JsonArray("vendor-workload");
        }

        var (outcome, _) = Handle(Review(pod).ToJsonString());

        Assert.StartsWith($"invalid value at {field}", outcome.EvaluationError, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_DeploymentWithAnUndecodableTemplateField_FailModeNamesTheFieldUnderTheTemplate()
    {
        var deployment = Object("Deployment", "web", VendorLabels);
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = "http" });

        var (outcome, _) = Handle(Review(deployment, kind: "Deployment").ToJsonString());

        Assert.StartsWith("invalid value at /spec/template/spec/containers/0/ports/0/containerPort", outcome.EvaluationError, StringComparison.Ordinal);
        Assert.Equal("warned", outcome.Verdict);
    }

    [Fact]
    public void Handle_TrustedDeploymentWithNothingToSay_AllowedWithoutWarnings()
    {
        // Nothing to patch, nothing to warn about: this once indexed an empty warning list and failed the request.
        var deployment = Object("Deployment", "web", new JsonObject { ["app"] = "web" });

        var (outcome, written) = Handle(Review(deployment, kind: "Deployment").ToJsonString());

        Assert.Equal("allowed", outcome.Verdict);
        Assert.Equal("trusted", outcome.Tier);
        Assert.Null(outcome.Message);
        Assert.Null(JsonNode.Parse(written)!["response"]!["warnings"]);
    }

    [Fact]
    public void Handle_TwoCallsOnOneThreadIntoDifferentOutputs_EachOutputHoldsOnlyItsAnswer()
    {
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();

        Handler.Handle(Encoding.UTF8.GetBytes(Review(Pod(), uid: "one").ToJsonString()), AdmissionEndpoint.Mutate, first);
        Handler.Handle(Encoding.UTF8.GetBytes(Review(Pod(), uid: "two").ToJsonString()), AdmissionEndpoint.Validate, second);

        Assert.Equal("one", (string?)JsonNode.Parse(first.WrittenSpan)!["response"]!["uid"]);
        Assert.Equal("two", (string?)JsonNode.Parse(second.WrittenSpan)!["response"]!["uid"]);
    }

    private static (AdmissionOutcome Outcome, byte[] Written) Handle(string review)
    {
        var output = new ArrayBufferWriter<byte>();
        var outcome = Handler.Handle(Encoding.UTF8.GetBytes(review), AdmissionEndpoint.Mutate, output);
        return (outcome, output.WrittenSpan.ToArray());
    }

    private static JsonObject Pod() => ReviewFixtures.Object("Pod", labels: ReviewFixtures.VendorLabels);
}
