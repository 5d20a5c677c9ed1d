using System.Diagnostics;
using System.Text;
using Palisade.Core.Files;

namespace Palisade.Cli.Tests.Commands;

/// <summary>Issue 17: what a careless user or a hostile input author did, and what Palisade must do instead.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileInputTests
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: x}]}\n";
    private const string PrivilegedPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n";

    [Fact]
    public async Task CheckFolder_OutputOverAnInputInIt_WithForce_IsRefusedAndTheInputKept()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);

        var (exit, _, err) = await CliRunner.RunAsync("check", dir.Path, "--output", input, "--force");

        Assert.Equal(2, exit);
        Assert.Contains("refusing to write the report over one of the inputs", err, StringComparison.Ordinal);
        Assert.Equal(Pod, File.ReadAllText(input));
    }

    [Fact]
    public async Task Check_InputThroughASymlink_OutputToTheRealFile_IsRefused()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);
        var link = Path.Combine(dir.Path, "link.yaml");
        File.CreateSymbolicLink(link, input);

        var (exit, _, _) = await CliRunner.RunAsync("check", link, "--output", input, "--force");

        Assert.Equal(2, exit);
        Assert.Equal(Pod, File.ReadAllText(input));
    }

    [Fact]
    public async Task Check_StdinRedirectedFromTheOutputFile_IsRefused()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);

        foreach (var source in new[] { "-", "/dev/stdin" })
        {
            var run = await Subprocess.RunAsync(["check", source, "--output", input, "--force"], stdinFile: input);

            Assert.Equal(2, run.Exit);
            Assert.Contains("refusing to write the report over one of the inputs", run.Err, StringComparison.Ordinal);
        }

        Assert.Equal(Pod, File.ReadAllText(input));
    }

    [Fact]
    public async Task Check_OutputIsAFifo_WithForce_WritesIntoItAndLeavesItAFifo()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);
        var fifo = Path.Combine(dir.Path, "out.fifo");
        Assert.Equal(0, (await Subprocess.RunToolAsync("mkfifo", fifo)).Exit);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        var (exit, _, err) = await CliRunner.RunAsync("check", input, "--output", fifo, "--force", "--format", "json");

        Assert.True(exit is 0 or 1, err);
        Assert.Contains("\"summary\"", await reader.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        Assert.Equal(FileIdentity.NodeType.Fifo, FileIdentity.OfLink(fifo)!.Value.Type);
    }

    [Fact]
    public async Task Check_SymlinkPlantedAtTheOldTempName_DoesNotOverwriteItsTarget()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);
        var victim = dir.Write("victim.txt", "precious");
        var output = Path.Combine(dir.Path, "out.json");
        for (var pid = Environment.ProcessId - 5; pid < Environment.ProcessId + 50; pid++)
        {
            File.CreateSymbolicLink(Path.Combine(dir.Path, $".out.json.{pid}.tmp"), victim);
        }

        var (exit, _, _) = await CliRunner.RunAsync("check", input, "--output", output, "--format", "json");

        Assert.True(exit is 0 or 1);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Contains("\"summary\"", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeConfigMerge_OfASymlink_MergesTheRealFileKeepsTheLinkAndBacksUpEveryTime()
    {
        using var dir = new TempDir();
        var real = dir.Write("config.toml", "version = 2\n");
        var link = Path.Combine(dir.Path, "link.toml");
        File.CreateSymbolicLink(link, real);

        for (var i = 0; i < 3; i++)
        {
            var (exit, _, err) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", link, "--force", "--runtime", "runsc", "--runsc-shim", "runsc");
            Assert.True(exit == 0, err);
        }

        Assert.Equal(FileIdentity.NodeType.Symlink, FileIdentity.OfLink(link)!.Value.Type);
        Assert.Contains("runsc", File.ReadAllText(real), StringComparison.Ordinal);
        Assert.True(File.Exists(real + ".bak") && File.Exists(real + ".bak.1") && File.Exists(real + ".bak.2"));
        Assert.Equal("version = 2\n", File.ReadAllText(real + ".bak"));

        var (again, _, _) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", link, "--output", real, "--force", "--runtime", "runsc");
        Assert.Equal(2, again);
    }

    [Fact]
    public async Task Check_PrivilegedPodInAListInsideAList_IsAnInputErrorNotSkipped()
    {
        using var dir = new TempDir();
        var indented = string.Join('\n', PrivilegedPod.TrimEnd().Split('\n').Select((l, i) => (i == 0 ? "  - " : "    ") + l));
        var file = dir.Write("nested.yaml", $"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n{indented.Replace("\n", "\n  ", StringComparison.Ordinal).Insert(0, "  ")}\n");

        var (exit, _, err) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("nested lists are not read", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FolderHoldingAFifoNamedYaml_ReportsItAndDoesNotBlock()
    {
        using var dir = new TempDir();
        dir.Write("a.yaml", Pod);
        Assert.Equal(0, (await Subprocess.RunToolAsync("mkfifo", Path.Combine(dir.Path, "x.yaml"))).Exit);

        var (exit, _, err) = await CliRunner.RunAsync("check", dir.Path).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("x.yaml: not a regular file (a FIFO); skipped", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnreadableFolderAsAnUnprivilegedUser_IsAnInputError()
    {
        using var dir = new TempDir();
        dir.Write("a.yaml", Pod);
        var locked = Path.Combine(dir.Path, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(Path.Combine(locked, "b.yaml"), PrivilegedPod);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);

        var run = await Subprocess.RunAsync(["check", dir.Path], asNobody: true);

        File.SetUnixFileMode(locked, (UnixFileMode)0b111_000_000);
        Assert.Equal(2, run.Exit);
        Assert.Contains("locked: cannot read folder", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_YamlWith250SmallAliasBombsInOneFile_IsCappedPerFile()
    {
        using var dir = new TempDir();
        var bomb = new StringBuilder();
        for (var i = 0; i < 250; i++)
        {
            bomb.Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n");
        }

        var file = dir.Write("bombs.yaml", bomb.ToString());
        var before = GC.GetTotalAllocatedBytes(precise: false);

        var (exit, _, err) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("too many alias expansions (over 100000 nodes in this file)", err, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 1_500_000_000L);
    }

    [Fact]
    public async Task Check_Utf32File_IsCalledUtf32()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "a.yaml");
        File.WriteAllBytes(file, [.. new UTF32Encoding(bigEndian: false, byteOrderMark: true).GetPreamble(), .. Encoding.UTF32.GetBytes(Pod)]);

        var (exit, _, err) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("UTF-32 text is not supported", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DuplicateMappingKey_IsRefusedWithTheStrictDecodingWording()
    {
        using var dir = new TempDir();
        var file = dir.Write("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: x}]}\nspec: {hostNetwork: true}\n");

        var (exit, _, err) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("dup.yaml:5:1: duplicate field \"spec\"", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":7,"spec":{"containers":[{"name":"c","image":"x"}]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":["x"]},"spec":{"containers":[{"name":"c","image":"x"}]}}""")]
    public async Task Admit_VendorPodPalisadeCannotRead_TakesTheClosedFailModeNotTheCatchAllTier(string obj)
    {
        using var dir = new TempDir();
        var review = dir.Write("r.json", Review(obj, "u-1"));

        var (exit, output, err) = await CliRunner.RunAsync("admit", review);

        Assert.True(exit == 1, err);
        Assert.Contains("\"allowed\":false", output, StringComparison.Ordinal);
        Assert.Contains("fail mode closed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_ReviewWithInvalidUtf8InTheUid_IsBadInputNotACrash()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "r.json");
        var bytes = Encoding.UTF8.GetBytes(Review("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"x"}]}}""", "u-\u00ff"));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var (exit, _, err) = await CliRunner.RunAsync("admit", path);

        Assert.Equal(2, exit);
        Assert.Contains("not UTF-8", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_DevZero_StopsAtTheLimit()
    {
        var (exit, _, err) = await CliRunner.RunAsync("admit", "/dev/zero").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("over the 3 MiB limit", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_StdinFromDevZero_StopsAtTheLimit()
    {
        var run = await Subprocess.RunAsync(["admit", "-"], stdinFile: "/dev/zero");

        Assert.Equal(2, run.Exit);
        Assert.Contains("over the 3 MiB limit", run.Err, StringComparison.Ordinal);
        Assert.True(run.PeakRssKb < 400_000, $"peak RSS {run.PeakRssKb} KiB");
    }

    [Fact]
    public async Task Check_OutputIntoAReadOnlyFolderOrProcVersion_IsOneLineExit2()
    {
        using var dir = new TempDir();
        var input = dir.Write("a.yaml", Pod);
        foreach (var output in new[] { "/proc/version", "/proc/sys/nonexistent/x.json" })
        {
            var (exit, _, err) = await CliRunner.RunAsync("check", input, "--output", output, "--force");

            Assert.Equal(2, exit);
            Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_StdinIsADirectory_IsAnInputErrorNotExit70()
    {
        var run = await Subprocess.RunAsync(["check", "-"], stdinFile: "/tmp");

        Assert.Equal(2, run.Exit);
        Assert.Contains("cannot read standard input", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeccompMerge_UsageError_NamesTheWholeCommand()
    {
        var (exit, _, err) = await CliRunner.RunAsync("seccomp", "merge");

        Assert.Equal(2, exit);
        Assert.StartsWith("palisade seccomp merge: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BlockedOnStdin_FirstSigtermEndsIt143WithAMessage()
    {
        var run = await Subprocess.RunAsync(["check", "-"], stdinFile: null, signalAfter: TimeSpan.FromSeconds(2), signal: 15);

        Assert.Equal(143, run.Exit);
        Assert.Contains("palisade: interrupted by SIGTERM", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Err, StringComparison.Ordinal);
    }

    private static string Review(string obj, string uid) =>
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid
        + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},\"namespace\":\"vendor-x\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"u\"},\"object\":"
        + obj + "}}";
}
