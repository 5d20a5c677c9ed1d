using FsCheck.Xunit;
using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompReaderPropertyTests
{
    private const string Valid = """{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}""";

    [Property(MaxTest = 300)]
    public void Read_MangledProfile_NeverThrowsAndExplainsFailure(int seed)
    {
        var random = new Random(seed);
        var chars = Valid.ToCharArray();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            chars[random.Next(chars.Length)] = "{}[]\",:0x- "[random.Next(11)];
        }

        var result = SeccompProfileReader.Read(new string(chars), "mangled.json");

        Assert.True(result.Profile is not null ^ result.Diagnostics.Count > 0);
        if (result.Profile is not null)
        {
            _ = SeccompValidator.Validate(result.Profile);
            _ = SeccompProfileWriter.Write(result.Profile);
        }
    }
}
