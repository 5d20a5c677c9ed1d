using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>What users did that went wrong before (issues 13 and 17), against the real runc and runsc.</summary>
[Collection(RealRuntimes.Name)]
public sealed class ProfileUserDefectTests
{
    [Theory]
    [InlineData("/tmp")]
    [InlineData("/var/tmp")]
    [InlineData("/dev/shm")]
    [InlineData("/root")]
    public async Task Profile_StaticProgramCompiledIntoFolder_RunsUnderRuncAndRunscWithRecommendation(string parent)
    {
        var folder = Path.Combine(parent, "palisade-prog-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var source = Path.Combine(folder, "prog.c");
            File.WriteAllText(source, "#include <stdio.h>\nint main(void) { puts(\"hello from prog\"); return 0; }\n");
            var program = Path.Combine(folder, "prog");
            using (var gcc = System.Diagnostics.Process.Start("gcc", ["-static", "-o", program, source]))
            {
                await gcc.WaitForExitAsync();
                Assert.Equal(0, gcc.ExitCode);
            }

            var (exit, output, error) = await CliRunner.RunAsync("profile", "--platform", "ptrace", "--format", "json", "--", program);

            Assert.True(exit == 0, error + output);
            using var json = JsonDocument.Parse(output);
            foreach (var run in json.RootElement.GetProperty("runs").EnumerateArray())
            {
                Assert.Equal(0, run.GetProperty("exitCode").GetInt32());
                Assert.Equal("hello from prog\n", run.GetProperty("stdout").GetString());
                Assert.True(run.GetProperty("syscalls").GetArrayLength() > 0);
            }

            Assert.Equal("gvisor", json.RootElement.GetProperty("recommendation").GetProperty("runtime").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Profile_BundleWithHooks_RefusedWithNothingRunOnTheHost()
    {
        using var dir = new TempDir();
        var marker = Path.Combine(dir.Path, "hook-ran");
        Directory.CreateDirectory(Path.Combine(dir.Path, "bundle", "rootfs"));
        dir.Write("bundle/config.json", $$"""
            { "ociVersion": "1.0.2", "process": { "args": ["/bin/true"], "cwd": "/" }, "root": { "path": "rootfs" },
              "hooks": { "createRuntime": [ { "path": "/bin/touch", "args": ["touch", "{{marker}}"] } ] } }
            """);

        var (exit, _, error) = await CliRunner.RunAsync("profile", "--runtime", "runc", Path.Combine(dir.Path, "bundle"));

        Assert.Equal(2, exit);
        Assert.Contains("hooks (createRuntime)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Profile_BundleRuncRefuses_SaysWhatFailedAndDoesNotBlameGvisor()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "bundle", "rootfs", "bin"));
        File.Copy("/bin/busybox", Path.Combine(dir.Path, "bundle", "rootfs", "bin", "busybox"));
        dir.Write("bundle/config.json", """
            { "ociVersion": "1.0.2", "process": { "args": ["/bin/busybox", "echo", "hi"], "env": ["PATH=/bin", "=novar"], "cwd": "/" },
              "root": { "path": "rootfs", "readonly": true }, "linux": { "namespaces": [ { "type": "pid" }, { "type": "mount" } ] } }
            """);

        var (exit, output, error) = await CliRunner.RunAsync("profile", "--platform", "ptrace", "--format", "json", Path.Combine(dir.Path, "bundle"));

        Assert.True(exit == 2, error + output);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.TryGetProperty("recommendation", out _));
        Assert.False(json.RootElement.TryGetProperty("compatibility", out _));
        var failure = json.RootElement.GetProperty("failure");
        Assert.Equal("runcRefused", failure.GetProperty("kind").GetString());
        Assert.Contains("=novar", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_TimesOutUnderBoth_ExitsTwoWithoutBlamingGvisor()
    {
        var (exit, output, error) = await CliRunner.RunAsync("profile", "--platform", "ptrace", "--timeout", "2", "--", "/bin/sleep", "30");

        Assert.True(exit == 2, error + output);
        Assert.Contains("did not finish within 2 s under runc nor under runsc", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT compatible", output, StringComparison.Ordinal);
        Assert.DoesNotContain("kata", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("99999999999")]
    [InlineData("86401")]
    [InlineData("-1")]
    public async Task Profile_TimeoutOutOfRange_ExitsTwoWithOneLine(string seconds)
    {
        var (exit, _, error) = await CliRunner.RunAsync("profile", "--timeout", seconds, "--", "/bin/true");

        Assert.Equal(2, exit);
        Assert.Contains("--timeout must be", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
