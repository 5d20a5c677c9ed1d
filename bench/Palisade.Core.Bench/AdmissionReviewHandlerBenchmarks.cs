using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Admission;
using Palisade.Core.Policy;

namespace Palisade.Core.Bench;

/// <summary>
/// The webhook's per-request work without HTTP: one AdmissionReview (the vendor pod of examples/admission, patched by
/// the built-in policy) from bytes to the bytes of the answer, in one pass and through the document path, and the
/// parse and read of the review alone.
/// </summary>
[MemoryDiagnoser]
public class AdmissionReviewHandlerBenchmarks
{
    private static readonly byte[] Review = Encoding.UTF8.GetBytes("""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"b5f8e6a2-3c1d-4e7f-9a0b-000000000001",
        "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"name":"scraper",
        "namespace":"team-a","operation":"CREATE","userInfo":{"username":"alice@example.com","groups":["system:authenticated"]},
        "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"scraper","namespace":"team-a","labels":{"app":"scraper","vendor-workload":"true"}},
        "spec":{"containers":[{"name":"app","image":"registry.example.com/vendor/scraper:1.2","securityContext":{"allowPrivilegeEscalation":false,
        "runAsNonRoot":true,"capabilities":{"drop":["ALL"]}}}]}},"oldObject":null,"dryRun":false,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}}}
        """);

    private readonly AdmissionReviewHandler handler = new(RuntimePolicyLoader.Default, NamespaceLabels.Empty);
    private readonly AdmissionReviewHandler documentOnly = new(RuntimePolicyLoader.Default, NamespaceLabels.Empty) { ReadsInOnePass = false };
    private readonly ArrayBufferWriter<byte> output = new(16 * 1024);

    [Benchmark(Baseline = true)]
    public int Handle()
    {
        output.ResetWrittenCount();
        _ = handler.Handle(Review, AdmissionEndpoint.Mutate, output);
        return output.WrittenCount;
    }

    /// <summary>The same review through the document path (parse, read, decode the object again): what one pass saves.</summary>
    [Benchmark]
    public int HandleThroughDocument()
    {
        output.ResetWrittenCount();
        _ = documentOnly.Handle(Review, AdmissionEndpoint.Mutate, output);
        return output.WrittenCount;
    }

    [Benchmark]
    public string? ReadReview()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Review);
        return AdmissionReviewReader.Read(document.RootElement).Request?.Uid;
    }
}
