using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Palisade.Cli.Output;
using Palisade.Core.Seccomp;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade seccomp generate|validate|diff|merge</c>: OCI seccomp profiles from recorded evidence.</summary>
internal static class SeccompCommand
{
    public const string Examples = """
        Examples:
          palisade assess --format json --output assessment.json && palisade seccomp generate assessment.json --output app.json
          palisade profile img/ --format json --output p.json && palisade seccomp generate p.json --default-action kill
          palisade seccomp validate app.json
          palisade seccomp diff old.json new.json
          palisade seccomp merge run1.json run2.json --output merged.json
          palisade seccomp verify app.json ./image-layout --runtime runc,runsc
        """;

    public static Command Create(CliConsole console)
    {
        var command = new Command("seccomp", "Generate a minimal OCI seccomp profile from a recorded profile, and validate, diff or merge profiles.")
        {
            Generate(console), Validate(console), Diff(console), Merge(console), Verify(console),
        };
        return command;
    }

    private static Command Generate(CliConsole console)
    {
        var input = new Argument<FileInfo>("INPUT") { Description = "An assessment.json, a `palisade profile --format json` output, or a TARGET (image layout, archive, bundle) to record first." };
        var action = new Option<string>("--default-action") { Description = "What a syscall outside the list gets: errno (default), kill or log.", DefaultValueFactory = _ => "errno" };
        action.AcceptOnlyFromAmong("errno", "kill", "log");
        var errno = new Option<uint>("--errno") { Description = "The errno returned with --default-action errno (default 1, EPERM).", DefaultValueFactory = _ => 1 };
        var arch = new Option<string>("--arch") { Description = "Target architecture: x86_64 or aarch64 (compat ABIs are added).", DefaultValueFactory = _ => "x86_64" };
        arch.AcceptOnlyFromAmong("x86_64", "aarch64");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the profile to FILE instead of standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --output file." };
        var command = new Command("generate", "The minimal allow-list of the syscalls a recorded workload made, plus what the runtime needs to start it.")
        {
            input, action, errno, arch, output, force,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var file = parse.GetValue(input)!;
            var target = parse.GetValue(output);
            ReportSink.EnsureWritable(target, parse.GetValue(force), [file.FullName]);
            var names = IsRecording(file) ? RecordedSyscalls(file) : await RecordAsync(file, cancel).ConfigureAwait(false);
            var result = SeccompGenerator.Generate(names, new GenerateOptions
            {
                Architecture = parse.GetValue(arch)!,
                DefaultAction = parse.GetValue(action) switch { "kill" => SeccompDefaultAction.Kill, "log" => SeccompDefaultAction.Log, _ => SeccompDefaultAction.Errno },
                ErrnoRet = parse.GetValue(errno),
            });
            foreach (var warning in result.Warnings)
            {
                await console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            var text = SeccompProfileWriter.Write(result.Profile);
            await ReportSink.WriteAsync(target, console.Out, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text.TrimEnd('\n')))).ConfigureAwait(false);
            var allowed = result.Profile.Syscalls.Where(r => SeccompActions.Permits(r.Action)).SelectMany(r => r.Names).Distinct().Count();
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"palisade: {allowed} syscalls allowed ({names.Count} recorded, plus the runtime's start-up set); everything else gets {result.Profile.DefaultAction}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Validate(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An OCI / Docker seccomp profile (JSON)." };
        var arch = new Option<string?>("--arch") { Description = "Check syscall names against this architecture only (x86_64 or aarch64)." };
        var command = new Command("validate", "Check a seccomp profile: unknown syscall names, duplicates, conflicting rules, invalid actions and operators. Exit 0 valid, 1 invalid.")
        {
            file, arch,
        };
        command.SetAction(async parse =>
        {
            var path = parse.GetValue(file)!;
            var profile = Read(path);
            var problems = SeccompValidator.Validate(profile, parse.GetValue(arch));
            foreach (var p in problems)
            {
                await console.Out.WriteLineAsync($"{path}: {p.Code}: {p.Message}").ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(problems.Count == 0
                ? $"{path}: valid ({profile.Syscalls.Count} rules)"
                : string.Create(CultureInfo.InvariantCulture, $"{path}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}")).ConfigureAwait(false);
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static Command Diff(CliConsole console)
    {
        var a = new Argument<FileInfo>("OLD") { Description = "The profile to compare from." };
        var b = new Argument<FileInfo>("NEW") { Description = "The profile to compare to." };
        var command = new Command("diff", "Syscalls allowed by NEW but not OLD (+) and by OLD but not NEW (-).") { a, b };
        command.SetAction(async parse =>
        {
            var diff = SeccompDiff.Compare(ReadValidActions(parse.GetValue(a)!), ReadValidActions(parse.GetValue(b)!));
            foreach (var name in diff.Added)
            {
                await console.Out.WriteLineAsync("+ " + name).ConfigureAwait(false);
            }

            foreach (var name in diff.Removed)
            {
                await console.Out.WriteLineAsync("- " + name).ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{diff.Added.Count} added, {diff.Removed.Count} removed")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Merge(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("PROFILE") { Description = "Profiles to merge (e.g. from several test runs of one image).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the merged profile to FILE instead of standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --output file." };
        var command = new Command("merge", "The union of several profiles' allowed syscalls, with the strictest default action.") { files, output, force };
        command.SetAction(async parse =>
        {
            var inputs = parse.GetValue(files)!;
            var target = parse.GetValue(output);
            ReportSink.EnsureWritable(target, parse.GetValue(force), inputs.Select(f => f.FullName));
            var merged = SeccompMerge.Merge(inputs.Select(ReadValidActions).ToList());
            var text = SeccompProfileWriter.Write(merged);
            await ReportSink.WriteAsync(target, console.Out, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text.TrimEnd('\n')))).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var profileFile = new Argument<FileInfo>("PROFILE") { Description = "The seccomp profile to prove." };
        var target = new Argument<string[]>("TARGET") { Description = "Image layout, archive, bundle, or -- COMMAND ARGS.", Arity = ArgumentArity.ZeroOrMore };
        var runtimes = new Option<string>("--runtime", "-r") { Description = "Runtimes to prove it under: runc, runsc.", DefaultValueFactory = _ => "runc,runsc" };
        var image = new Option<string?>("--image") { Description = "Which image of a multi-image archive or layout." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds each run may take.", DefaultValueFactory = _ => 60 };
        var command = new Command("verify", "Run TARGET without and with the profile under runc and runsc: exit 0 when it behaves the same (exit code and output), 1 when not.")
        {
            profileFile, target, runtimes, image, timeout,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(profileFile)!;
            var profile = Read(path);
            var problems = SeccompValidator.Validate(profile);
            if (problems.Count > 0)
            {
                throw new UsageException($"{path}: invalid profile ({problems[0].Message}); run 'palisade seccomp validate {path}'");
            }

            var kinds = parse.GetValue(runtimes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => n switch
                {
                    "runc" => Palisade.Sandbox.Runtimes.RuntimeKind.Runc,
                    "runsc" or "gvisor" => Palisade.Sandbox.Runtimes.RuntimeKind.Runsc,
                    _ => throw new UsageException($"--runtime: unknown runtime '{n}' (runc, runsc)"),
                }).Distinct().ToList();
            var spec = WorkloadArguments.Target(parse, target, parse.GetValue(image));
            await using var bundle = await Palisade.Sandbox.Images.BundleBuilder.PrepareAsync(spec, Palisade.Sandbox.Images.BundleOptions.Default, cancel).ConfigureAwait(false);
            IProgress<string>? progress = console.OutputIsTerminal ? new Progress<string>(m => console.Error.WriteLine($"palisade: {m}")) : null;
            var results = await Palisade.Sandbox.Seccomp.SeccompVerifier.VerifyAsync(
                bundle, SeccompProfileWriter.Write(profile), kinds, WorkloadArguments.Timeout(parse.GetValue(timeout)), progress, cancel).ConfigureAwait(false);
            foreach (var r in results)
            {
                var verdict = r.SameBehaviour ? "same behaviour" : "DIFFERENT";
                var detail = r.SameBehaviour ? "" : $"; under the profile: {FirstLine(r.Confined.Stderr)}";
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Palisade.Sandbox.Profiling.WorkloadProfiler.Name(r.Runtime),-6} unconfined exit {Exit(r.Unconfined)}, with profile exit {Exit(r.Confined)}: {verdict}{detail}")).ConfigureAwait(false);
            }

            return results.All(r => r.SameBehaviour) ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static string Exit(Palisade.Sandbox.Runtimes.RunResult r) =>
        r.TimedOut ? "none (timed out)" : r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no error output)";

    private static SeccompProfile Read(FileInfo file)
    {
        var result = SeccompProfileReader.Read(ReadText(file), file.ToString());
        if (result.Profile is null)
        {
            var d = result.Diagnostics[0];
            var where = d.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $":{line}:{d.Column}") : "";
            throw new UsageException($"{file}{where}: {d.Message}");
        }

        return result.Profile;
    }

    /// <summary>
    /// A profile whose actions and operators are all seccomp's own: merge and diff reason about what each action
    /// permits, so an unknown one (<c>SCMP_ACT_NOPE</c>) is an input error rather than something copied to the output.
    /// </summary>
    private static SeccompProfile ReadValidActions(FileInfo file)
    {
        var profile = Read(file);
        var invalid = SeccompValidator.Validate(profile).FirstOrDefault(p =>
            p.Code is SeccompProblemCodes.InvalidDefaultAction or SeccompProblemCodes.InvalidAction or SeccompProblemCodes.InvalidArgOp);
        return invalid is null ? profile : throw new UsageException($"{file}: {invalid.Message} (palisade seccomp validate lists every problem)");
    }

    /// <summary>Every syscall name any run of the recording made (the profile must let the workload run under each runtime).</summary>
    private static List<string> RecordedSyscalls(FileInfo file)
    {
        try
        {
            using var json = JsonDocument.Parse(ReadText(file));
            if (!json.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{file}: not an assessment.json or profile JSON (no \"runs\" array)");
            }

            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var run in runs.EnumerateArray())
            {
                if (run.TryGetProperty("syscalls", out var syscalls) && syscalls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var s in syscalls.EnumerateArray())
                    {
                        if (s.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } n)
                        {
                            names.Add(n);
                        }
                    }
                }
            }

            return names.Count == 0 ? throw new UsageException($"{file}: the recording holds no syscalls") : [.. names];
        }
        catch (JsonException e)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{file}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON"));
        }
    }

    /// <summary>A JSON file is a recording; a folder or an archive is a TARGET to run first.</summary>
    private static bool IsRecording(FileInfo file) =>
        file.Exists && file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase);

    private static async Task<List<string>> RecordAsync(FileInfo file, CancellationToken cancel)
    {
        var spec = Palisade.Sandbox.Images.TargetSpec.Detect(file.ToString());
        await using var bundle = await Palisade.Sandbox.Images.BundleBuilder.PrepareAsync(spec, Palisade.Sandbox.Images.BundleOptions.Default, cancel).ConfigureAwait(false);
        var profile = await Palisade.Sandbox.Profiling.WorkloadProfiler.ProfileAsync(
            file.ToString(), bundle,
            new Palisade.Sandbox.Profiling.ProfileOptions([Palisade.Sandbox.Runtimes.RuntimeKind.Runc, Palisade.Sandbox.Runtimes.RuntimeKind.Runsc], TimeSpan.FromSeconds(60)),
            progress: null, cancel).ConfigureAwait(false);
        var names = profile.Runs.SelectMany(r => r.Trace?.Syscalls ?? []).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? throw new UsageException($"{file}: the run recorded no syscalls") : names;
    }

    private static string ReadText(FileInfo file) =>
        file.Exists ? File.ReadAllText(file.FullName) : throw new UsageException($"{file}: no such file");
}
