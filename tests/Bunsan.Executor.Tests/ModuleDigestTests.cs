using System.Text;

namespace Bunsan.Executor.Tests;

public sealed class ModuleDigestTests
{
    [Fact]
    public void Compute_KnownBytes_MatchesSha256sum()
    {
        // printf abc | sha256sum
        ModuleDigest digest = ModuleDigest.Compute(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.ToString());
    }

    [Fact]
    public void TryParse_OwnText_RoundTrips()
    {
        ModuleDigest digest = ModuleDigest.Compute([1, 2, 3]);

        Assert.Equal(digest, ModuleDigest.TryParse(digest.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("sha256:../../../../etc/passwd0000000000000000000000000000000000000000")]
    [InlineData("md5:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void TryParse_NotPrefixedLowercaseHex_ReturnsNull(string text) => Assert.Null(ModuleDigest.TryParse(text));
}
