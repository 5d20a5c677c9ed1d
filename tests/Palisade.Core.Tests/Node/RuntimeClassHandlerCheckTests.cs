using Palisade.Core.Manifests;
using Palisade.Core.Node;
using Palisade.Core.Tests.Manifests;

namespace Palisade.Core.Tests.Node;

public sealed class RuntimeClassHandlerCheckTests
{
    [Fact]
    public void Check_RuntimeClassWithUnconfiguredHandler_ReportsItAtTheHandlerLine()
    {
        using var folder = new TempFolder();
        var file = folder.Write("classes.yaml", """
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata:
              name: gvisor
            handler: runsc
            ---
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata:
              name: kata
            handler: kata-qemu
            """);

        var findings = RuntimeClassHandlerCheck.Check(ManifestLoader.Load([file]), ["runc", "runsc"], "config.toml");

        var finding = Assert.Single(findings);
        Assert.Equal("runtimeclass-handler-unknown", finding.Code);
        Assert.Contains("kata-qemu", finding.What, StringComparison.Ordinal);
        Assert.Equal($"{file}:11", finding.Source);
    }
}
