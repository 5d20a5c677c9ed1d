using Palisade.Core.Policy;
using Palisade.Core.Policy.Export;
using Xunit.Abstractions;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// Proof that the exported policies decide as Palisade's engine does: every CEL expression the exporter emits is
/// evaluated by @marcbachmann/cel-js (an independent CEL engine, on Node.js) over a generated corpus, and compared
/// case by case. The broken-emitter tests sabotage one emitted expression at a time and require the comparison to
/// find disagreements, so a comparison that cannot fail would fail them.
/// </summary>
public sealed class ExportEquivalenceTests(ITestOutputHelper output)
{
    private const int Cases = 2500;

    internal static IReadOnlyList<RuntimePolicy> Policies { get; } =
    [
        RuntimePolicyLoader.Default,
        RuntimePolicyLoader.Load(Path.Join(AppContext.BaseDirectory, "testdata", "export", "policies", "registries.yaml")),
    ];

    [Fact]
    public void ExportedCel_GeneratedCorpus_DecidesExactlyAsTheEngine()
    {
        var corpus = ExportCorpus.Generate(Cases, seed: 16);

        var stats = Differential.Run(Policies, corpus);

        output.WriteLine($"differential: {stats.Cases} cases ({corpus.Count} objects x {Policies.Count} policies), {stats.Evaluations} CEL evaluations by @marcbachmann/cel-js, {stats.Denied} runtime-class denials, {stats.Patched} pods patched, {stats.Disagreements.Count} disagreements");
        foreach (var d in stats.Disagreements.Take(20))
        {
            output.WriteLine(d);
        }

        Assert.True(stats.Cases >= 2000 * Policies.Count);
        Assert.True(stats.Denied > stats.Cases / 20, $"the corpus should exercise denials: {stats.Denied}");
        Assert.True(stats.Patched > stats.Cases / 20, $"the corpus should exercise the mutation: {stats.Patched}");
        Assert.Empty(stats.Disagreements);
    }

    [Theory]
    [InlineData("imageRefs", "'library/' + p[2]", "p[2]")]
    [InlineData("imageRefs", ".lowerAscii()", "")]
    [InlineData("effectiveClass", " && variables.podSpec.runtimeClassName != '' ?", " ?")]
    [InlineData("tier", "variables.t0r0 ? 'vendor'", "variables.t1r0 ? 'vendor'")]
    [InlineData("reason", "'no other tier matched'", "'catch-all'")]
    [InlineData("podLabels", "object.kind == 'CronJob'", "object.kind == 'Job'")]
    [InlineData("t1r1", "'untrusted'", "'trusted'")]
    [InlineData("t1r0", "exists(p, !(", "exists(p, (")]
    public void ExportedCel_BrokenEmitter_IsCaught(string variable, string find, string replace)
    {
        var corpus = ExportCorpus.Generate(600, seed: 61);
        var broke = 0;

        var stats = Differential.Run(Policies, corpus, v =>
        {
            if (v.Name != variable || !v.Expression.Contains(find, StringComparison.Ordinal))
            {
                return v;
            }

            broke++;
            return v with { Expression = v.Expression.Replace(find, replace, StringComparison.Ordinal) };
        });

        output.WriteLine($"{variable}: {find} -> {replace}: {stats.Disagreements.Count} disagreements in {stats.Cases} cases; first: {stats.Disagreements.FirstOrDefault()}");
        Assert.True(broke > 0, $"the sabotage did not apply: no variable {variable} contains {find}");
        Assert.NotEmpty(stats.Disagreements);
    }
}
