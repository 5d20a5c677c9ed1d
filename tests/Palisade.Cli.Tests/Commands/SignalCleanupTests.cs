using System.Globalization;

namespace Palisade.Cli.Tests.Commands;

/// <summary>Issue 17 #19: a signal just after <c>runc run</c> starts must stop everything and remove every temp folder.</summary>
public sealed class SignalCleanupTests
{
    [Theory]
    [InlineData(15, 143, "SIGTERM")]
    [InlineData(2, 130, "SIGINT")]
    public async Task Profile_SignalWithinATenthOfASecondOfRuncRun_LeavesNoProcessesAndNoTempFolders(int signal, int expectedExit, string name)
    {
        var tmp = Path.Combine(Path.GetTempPath(), "palisade-sigtest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(tmp);
        try
        {
            var run = await Subprocess.RunAsync(
                ["profile", "--runtime", "runc", "--timeout", "60", "--", "/bin/sleep", "30"],
                environment: new Dictionary<string, string> { ["TMPDIR"] = tmp },
                signal: signal,
                signalWhen: async () =>
                {
                    while (!ProcessesMentioning(tmp, "runc").Any())
                    {
                        await Task.Delay(5);
                    }

                    await Task.Delay(100);
                },
                timeout: TimeSpan.FromSeconds(120));

            Assert.Equal(expectedExit, run.Exit);
            Assert.Contains($"palisade: interrupted by {name}; stopped what it had started", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
            Assert.Empty(ProcessesMentioning(tmp, ""));
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "palisade-*"));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static IEnumerable<int> ProcessesMentioning(string folder, string program)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            if (cmdline.Contains(folder, StringComparison.Ordinal) && cmdline.Contains(program, StringComparison.Ordinal) && !cmdline.Contains("palisade.dll", StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
