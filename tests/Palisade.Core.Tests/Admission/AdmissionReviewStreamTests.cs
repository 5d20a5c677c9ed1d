using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Admission;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;

using static Palisade.Core.Tests.Admission.ReviewFixtures;

namespace Palisade.Core.Tests.Admission;

public sealed class AdmissionReviewStreamTests
{
    private static readonly NamespaceLabels Namespaces = NamespaceLabels.FromManifests(
        ManifestLoader.LoadText("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shady, labels: {palisade.dev/trust: untrusted}}\n"), out _);

    private static readonly AdmissionReviewHandler OnePass = new(RuntimePolicyLoader.Default, Namespaces);
    private static readonly AdmissionReviewHandler DocumentOnly = new(RuntimePolicyLoader.Default, Namespaces) { ReadsInOnePass = false };
    private static readonly JsonSerializerOptions Options = AdmissionReviewHandler.KubernetesOptions;

    private static readonly string[] Kinds = ["Pod", "Pod", "Pod", "Deployment", "CronJob", "StatefulSet", "PodTemplate", "Service"];
    private static readonly string[] Operations = ["CREATE", "CREATE", "CREATE", "CREATE", "UPDATE", "UPDATE", "DELETE"];
    private static readonly string?[] SubResources = [null, null, null, null, null, null, "status", "ephemeralcontainers"];
    private static readonly string?[] Classes = [null, "kata", "gvisor", "runc"];
    private static readonly string?[] Trust = [null, "vendor-workload", "palisade.dev/trust"];

    [Fact]
    public void Handle_AnyReview_OnePassAndDocumentPathGiveTheSameAnswer()
    {
        // 2,000 seeded reviews (FsCheck's small integer seeds would repeat): about a third take the one-pass path.
        var onePass = 0;
        for (var seed = 0; seed < 2000; seed++)
        {
            var r = new Random(seed);
            var review = RandomReview(r);
            var endpoint = r.Next(2) == 0 ? AdmissionEndpoint.Mutate : AdmissionEndpoint.Validate;
            var body = Encoding.UTF8.GetBytes(Mangle(review.ToJsonString(), r));

            var (fast, fastBytes) = Handle(OnePass, body, endpoint);
            var (slow, slowBytes) = Handle(DocumentOnly, body, endpoint);

            Assert.True(Encoding.UTF8.GetString(slowBytes) == Encoding.UTF8.GetString(fastBytes), $"seed {seed}: {Encoding.UTF8.GetString(fastBytes)}\nexpected {Encoding.UTF8.GetString(slowBytes)}");
            Assert.True(slow with { Decision = null, Response = null } == fast with { Decision = null, Response = null }, $"seed {seed}: {fast}\nexpected {slow}");
            onePass += AdmissionReviewStream.TryRead(body, Options) is null ? 0 : 1;
        }

        Assert.InRange(onePass, 450, 1000);
    }

    [Theory]
    [InlineData("Pod", "")]
    [InlineData("Deployment", "/spec/template")]
    [InlineData("CronJob", "/spec/jobTemplate/spec/template")]
    public void TryRead_PlainCreate_TakenInOnePassWithTheTemplate(string kind, string templatePath)
    {
        var review = Review(Object(kind, "scraper", new JsonObject { ["vendor-workload"] = "true" }, "kata"), kind, "CREATE");
        review["request"]!["oldObject"] = Object("Pod", "old", null, null);

        var streamed = AdmissionReviewStream.TryRead(Encoding.UTF8.GetBytes(review.ToJsonString()), Options);

        Assert.NotNull(streamed);
        Assert.Equal("kata", streamed.PodSpec.RuntimeClassName);
        Assert.Equal("true", streamed.PodMetadata!.Labels["vendor-workload"]);
        Assert.Equal(kind == "Pod" ? "scraper" : "scraper-owner", streamed.ObjectMetadata!.Name);
        Assert.Equal(templatePath, PodTemplateReader.TemplatePointer(kind));
        Assert.Equal(["system:authenticated"], streamed.Request.UserInfo!.Groups!);
    }

    [Theory]
    [InlineData("object before kind")]
    [InlineData("kind changed after object")]
    [InlineData("trailing garbage")]
    [InlineData("wrong uid type")]
    [InlineData("object kind differs")]
    [InlineData("undecodable spec")]
    [InlineData("delete")]
    [InlineData("v1beta1")]
    public void TryRead_AnythingButThePlainCase_LeftToTheDocumentPath(string variant)
    {
        var review = Review(Object("Pod", "p", null, null), "Pod", "CREATE");
        var request = review["request"]!.AsObject();
        var text = review.ToJsonString();
        switch (variant)
        {
            case "object before kind":
                var obj = request["object"]!.DeepClone();
                request.Remove("object");
                text = review.ToJsonString().Replace("\"request\":{", "\"request\":{\"object\":" + obj.ToJsonString() + ",", StringComparison.Ordinal);
                break;
            case "kind changed after object":
                text = text.Replace("\"dryRun\":false", "\"dryRun\":false,\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}", StringComparison.Ordinal);
                break;
            case "trailing garbage":
                text += " {}";
                break;
            case "wrong uid type":
                request["uid"] = 7;
                text = review.ToJsonString();
                break;
            case "object kind differs":
                request["object"]!["kind"] = "Deployment";
                text = review.ToJsonString();
                break;
            case "undecodable spec":
                request["object"]!["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = "http" });
                text = review.ToJsonString();
                break;
            case "delete":
                request["operation"] = "DELETE";
                text = review.ToJsonString();
                break;
            default:
                review["apiVersion"] = "admission.k8s.io/v1beta1";
                text = review.ToJsonString();
                break;
        }

        Assert.Null(AdmissionReviewStream.TryRead(Encoding.UTF8.GetBytes(text), Options));
    }

    private static (AdmissionOutcome Outcome, byte[] Bytes) Handle(AdmissionReviewHandler handler, byte[] body, AdmissionEndpoint endpoint)
    {
        var output = new ArrayBufferWriter<byte>();
        var outcome = handler.Handle(body, endpoint, output);
        return (outcome, output.WrittenSpan.ToArray());
    }

    private static JsonObject RandomReview(Random r)
    {
        var kind = Kinds[r.Next(Kinds.Length)];
        JsonObject? labels = Trust[r.Next(Trust.Length)] switch
        {
            null => null,
            "vendor-workload" => new JsonObject { ["vendor-workload"] = r.Next(2) == 0 ? "true" : "false" },
            var key => new JsonObject { [key] = "untrusted" },
        };
        var obj = Object(r.Next(8) == 0 && kind != "Pod" ? "Pod" : kind, r.Next(3) == 0 ? null : "app", labels, Classes[r.Next(Classes.Length)]);
        if (r.Next(3) == 0)
        {
            obj["metadata"]!["generateName"] = "app-";
        }

        if (r.Next(3) == 0)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }

        var spec = Template(obj, kind);
        if (spec is not null && r.Next(3) == 0)
        {
            spec["securityContext"] = r.Next(2) == 0 ? new JsonObject() : new JsonObject { ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" }, ["runAsNonRoot"] = true };
        }

        if (spec is not null && r.Next(3) == 0)
        {
            spec["hostNetwork"] = true;
        }

        if (spec is not null && r.Next(8) == 0)
        {
            spec["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = r.Next(2) == 0 ? "http" : 80 });
        }

        if (spec is not null && r.Next(10) == 0)
        {
            spec.Parent!.AsObject().Remove("spec");
        }

        var review = Review(obj, kind, Operations[r.Next(Operations.Length)], ns: r.Next(3) == 0 ? "shady" : "team-a");
        var request = review["request"]!.AsObject();
        if (SubResources[r.Next(SubResources.Length)] is { } sub)
        {
            request["subResource"] = sub;
        }

        if (r.Next(3) == 0)
        {
            request["name"] = "";
        }

        if (r.Next(4) == 0)
        {
            request.Remove("userInfo");
        }

        if (r.Next(3) == 0)
        {
            request["dryRun"] = true;
        }

        if (r.Next(4) == 0)
        {
            request["oldObject"] = obj.DeepClone();
        }

        if (r.Next(16) == 0)
        {
            request["object"] = null;
        }

        return review;
    }

    /// <summary>Sometimes moves <c>request.object</c> first, duplicates a key, or breaks the JSON.</summary>
    private static string Mangle(string json, Random r) => r.Next(24) switch
    {
        0 => json.Replace("\"request\":{\"uid\"", "\"request\":{\"object\":{\"kind\":\"Pod\"},\"uid\"", StringComparison.Ordinal),
        1 => json.Replace("\"operation\":", "\"operation\":\"CREATE\",\"operation\":", StringComparison.Ordinal),
        2 => json[..^2],
        3 => json.Replace("\"dryRun\":", "\"dryRun\":\"yes\",\"x\":", StringComparison.Ordinal),
        _ => json,
    };

    private static JsonObject? Template(JsonObject obj, string kind)
    {
        var template = (string?)obj["kind"] == "Pod" ? obj : kind == "CronJob" ? obj["spec"]?["jobTemplate"]?["spec"]?["template"] as JsonObject : obj["spec"]?["template"] as JsonObject;
        return template?["spec"] as JsonObject;
    }
}
