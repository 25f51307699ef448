using System.Text.Json;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>
/// `bunsan audit verify-inclusion|verify-consistency` on the RFC 6962 reference tree (8 leaves, transparency-dev
/// constants): 0 for the published proofs, 1 with a reason for altered ones, 2 naming the option for garbage.
/// </summary>
public sealed class AuditVerifyProofCommandsTests
{
    private const string Root8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    private const string Root6 = "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef";
    private const string Leaf5 = "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658";
    private const string Proof5 = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";
    private const string Proof6To8 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";

    [Fact]
    public void VerifyInclusion_PublishedProof_ExitsZero()
    {
        var (code, output, _) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5, "--index", "5", "--size", "8", "--root", Root8, "--proof", Proof5);
        Assert.Equal(0, code);
        Assert.StartsWith("valid:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyInclusion_Base64RootAndUppercaseHex_AreAccepted()
    {
        string base64Root = Convert.ToBase64String(Convert.FromHexString(Root8));
        var (code, _, _) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5.ToUpperInvariant(), "--index", "5", "--size", "8", "--root", base64Root, "--proof", Proof5);
        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("4", "8")]
    [InlineData("5", "6")]
    [InlineData("8", "8")]
    public void VerifyInclusion_WrongIndexOrSize_ExitsOneWithReason(string index, string size)
    {
        var (code, output, _) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5, "--index", index, "--size", size, "--root", Root8, "--proof", Proof5);
        Assert.Equal(1, code);
        Assert.StartsWith("invalid: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyInclusion_FlippedProofBit_ExitsOne_AndJsonSaysWhy()
    {
        string flipped = "bd" + Proof5[2..];
        var (code, output, _) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5, "--index", "5", "--size", "8", "--root", Root8, "--proof", flipped, "--json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("does not match", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--leaf-hash", "zz71a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658")]
    [InlineData("--leaf-hash", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab65")]
    [InlineData("--leaf-hash", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab6580")]
    [InlineData("--root", "")]
    [InlineData("--root", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff46043\u0007\u0000")]
    [InlineData("--index", "-1")]
    [InlineData("--index", "+5")]
    [InlineData("--index", " 5")]
    [InlineData("--index", "5.0")]
    [InlineData("--size", "18446744073709551616")]
    [InlineData("--size", "99999999999999999999999999999999999999")]
    [InlineData("--size", "0x8")]
    [InlineData("--proof", "bc1a,ca85")]
    [InlineData("--proof", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void VerifyInclusion_MalformedValue_ExitsTwoNamingTheOption(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--leaf-hash"] = Leaf5, ["--index"] = "5", ["--size"] = "8", ["--root"] = Root8, ["--proof"] = Proof5 };
        args[option] = value;
        var (code, output, error) = Run(["audit", "verify-inclusion", .. args.SelectMany(p => new[] { p.Key, p.Value })]);
        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.DoesNotContain('\u0007', error);
    }

    [Fact]
    public void VerifyInclusion_MissingOption_ExitsTwo()
    {
        var (code, _, error) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5, "--size", "8", "--root", Root8);
        Assert.Equal(2, code);
        Assert.Contains("--index", error, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyInclusion_HugeSizeAndIndex_ExitsOneWithoutCrashing()
    {
        var (code, output, _) = Run("audit", "verify-inclusion", "--leaf-hash", Leaf5, "--index", "18446744073709551614", "--size", "18446744073709551615",
            "--root", Root8, "--proof", string.Join(',', Enumerable.Repeat(Leaf5, 200)));
        Assert.Equal(1, code);
        Assert.Contains("no valid proof", output, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyConsistency_PublishedProof_ExitsZero_AndSwappedRootsExitOne()
    {
        Assert.Equal(0, Run("audit", "verify-consistency", "--size1", "6", "--size2", "8", "--root1", Root6, "--root2", Root8, "--proof", Proof6To8).ExitCode);
        var (code, output, _) = Run("audit", "verify-consistency", "--size1", "6", "--size2", "8", "--root1", Root8, "--root2", Root6, "--proof", Proof6To8);
        Assert.Equal(1, code);
        Assert.Contains("root1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "8", "empty tree")]
    [InlineData("8", "6", "never shrinks")]
    [InlineData("8", "8", "proof must be empty")]
    public void VerifyConsistency_PolicyCases_ExitOneWithReason(string size1, string size2, string reason)
    {
        var (code, output, _) = Run("audit", "verify-consistency", "--size1", size1, "--size2", size2, "--root1", Root8, "--root2", Root8, "--proof", Proof6To8);
        Assert.Equal(1, code);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyConsistency_EqualSizesEqualRootsNoProof_ExitsZero()
    {
        Assert.Equal(0, Run("audit", "verify-consistency", "--size1", "8", "--size2", "8", "--root1", Root8, "--root2", Root8).ExitCode);
    }

    [Theory]
    [InlineData("--size1", "-6")]
    [InlineData("--root2", "not hex at all, not base64 either")]
    [InlineData("--proof", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a;ca854ea1")]
    public void VerifyConsistency_MalformedValue_ExitsTwoNamingTheOption(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--size1"] = "6", ["--size2"] = "8", ["--root1"] = Root6, ["--root2"] = Root8, ["--proof"] = Proof6To8 };
        args[option] = value;
        var (code, _, error) = Run(["audit", "verify-consistency", .. args.SelectMany(p => new[] { p.Key, p.Value })]);
        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }
}
