namespace Palisade.Monitor;

/// <summary>gVisor's seccheck message types (points/common.proto MessageType) Palisade decodes; 1..34 exist at release-20221219.</summary>
internal static class MessageType
{
    public const ushort ContainerStart = 1;
    public const ushort SentryClone = 2;
    public const ushort SentryExec = 3;
    public const ushort SentryTaskExit = 5;
    public const ushort SyscallRaw = 6;
    public const ushort SyscallOpen = 7;
    public const ushort SyscallConnect = 10;
    public const ushort SyscallExecve = 11;
    public const ushort SyscallSocket = 12;

    /// <summary>The highest type the installed release defines; higher ones are counted as unknown.</summary>
    public const ushort HighestKnown = 34;
}
