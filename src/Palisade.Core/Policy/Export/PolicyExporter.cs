namespace Palisade.Core.Policy.Export;

/// <summary>Compiles a <see cref="RuntimePolicy"/> into another admission engine's objects.</summary>
public static class PolicyExporter
{
    public static ExportResult Export(RuntimePolicy policy, ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        return options.Target switch
        {
            ExportTarget.Vap => VapEmitter.Emit(policy, options),
            ExportTarget.Map => MapEmitter.Emit(policy, options),
            ExportTarget.Kyverno => KyvernoEmitter.Emit(policy, options),
            _ => GatekeeperEmitter.Emit(policy, options),
        };
    }
}
