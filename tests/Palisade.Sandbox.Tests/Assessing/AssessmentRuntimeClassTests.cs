using k8s;
using k8s.Models;
using Palisade.Core.Assessment;
using Palisade.Core.Node;
using Palisade.Sandbox.Assessing;

namespace Palisade.Sandbox.Tests.Assessing;

public sealed class AssessmentRuntimeClassTests
{
    [Theory]
    [InlineData(RunscShim.Runsc, "containerd-shim-runsc-v1, found on this host")]
    [InlineData(RunscShim.Runc, "--runsc-shim runc --install")]
    public void Gvisor_SameObjectAsNodeConfig_CommentFollowsTheHostShim(RunscShim shim, string advice)
    {
        var text = AssessmentReportFiles.RuntimeClass(RecommendedRuntime.Gvisor, shim);

        Assert.Contains(advice, text, StringComparison.Ordinal);
        var applied = KubernetesYaml.Deserialize<V1RuntimeClass>(text);
        var generated = RuntimeClassGenerator.Generate(new NodeConfigOptions(), new RuntimeClassOptions()).Single();
        Assert.Equal(("gvisor", "runsc"), (applied.Metadata.Name, applied.Handler));
        Assert.Equal(generated.Overhead.PodFixed["cpu"], applied.Overhead.PodFixed["cpu"]);
        Assert.Equal(SandboxOverhead.Gvisor.Memory, applied.Overhead.PodFixed["memory"].ToString());
        Assert.Equal(SandboxOverhead.Gvisor.Source, applied.Metadata.Annotations[RuntimeClassGenerator.OverheadSourceAnnotation]);
    }

    [Fact]
    public void Kata_CarriesTheDocumentedDefaultAndItsNodeLabel()
    {
        var applied = KubernetesYaml.Deserialize<V1RuntimeClass>(AssessmentReportFiles.RuntimeClass(RecommendedRuntime.Kata, RunscShim.Runc));

        Assert.Equal(SandboxOverhead.Kata.Cpu, applied.Overhead.PodFixed["cpu"].ToString());
        Assert.Equal("true", applied.Scheduling.NodeSelector[RuntimeClassGenerator.KataNodeLabel]);
    }
}
