using Palisade.Sandbox.Runtimes;
namespace Palisade.Sandbox.Images;

/// <summary>Compiles a C source with <c>gcc -static -O2</c> once and caches the binary by source hash.</summary>
internal static class StaticProgramCompiler
{
    private const string InstallHint = "install it with `apt-get install -y gcc libc6-dev`";
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(2);

    public static async Task<string> CompileAsync(string source, string cacheDirectory, CancellationToken ct)
    {
        var hash = Digest.Hex(Digest.Of(System.Text.Encoding.UTF8.GetBytes(source)))![..16];
        var folder = Path.Combine(cacheDirectory, hash);
        var program = Path.Combine(folder, "program");
        if (File.Exists(program))
        {
            return program;
        }

        Directory.CreateDirectory(folder);
        var unique = Guid.NewGuid().ToString("N")[..8];
        var sourcePath = Path.Combine(folder, $"source-{unique}.c");
        var output = Path.Combine(folder, $"program-{unique}");
        await File.WriteAllTextAsync(sourcePath, source, ct).ConfigureAwait(false);
        try
        {
            ToolCommandResult result;
            try
            {
                result = await ToolCommand.RunAsync("gcc", ["-static", "-O2", "-o", output, sourcePath], CompileTimeout, ct).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new BundleException($"gcc not found: {InstallHint}", ex) { IsEnvironmentProblem = true };
            }

            if (result.ExitCode != 0)
            {
                var firstError = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no output";
                throw new BundleException($"gcc -static failed ({firstError.Trim()}); {InstallHint}") { IsEnvironmentProblem = true };
            }

            // Rename is atomic: a concurrent build either sees no program or a complete one.
            File.Move(output, program, overwrite: true);
            return program;
        }
        finally
        {
            File.Delete(sourcePath);
            File.Delete(output);
        }
    }
}
