using System.Text;
using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Tests.Notes;

/// <summary>Hostile keys, notes and checkpoints: each is refused with a reason, never an exception.</summary>
public sealed class NoteHostileInputTests : IDisposable
{
    private const string Body = "example.org/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    private readonly NoteSigner _signer = NoteSigner.Generate("example.org/log");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+++")]
    [InlineData("name+1234567+AQ==")]
    [InlineData("name+1234567G+AQ==")]
    [InlineData("name+ABCDEF12+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("na me+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs=")]
    [InlineData("Log+2271c621+ AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("Log+2271c621+AumuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("Log+2271c622+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81EkarvsAAAA")]
    public void VerifierKey_Garbage_IsRefusedWithReason(string? text)
    {
        Assert.False(NoteVerifierKey.TryParse(text, out var key, out string? error));
        Assert.Null(key);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("PRIVATE+KEY+Log+2271c621")]
    [InlineData("PRIVATE+KEY+Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("PRIVATE+KEY+Log+00000000+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ")]
    [InlineData("private+key+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ")]
    public void SignerKey_Garbage_IsRefusedWithReason(string text)
    {
        Assert.False(NoteSigner.TryParse(text, out var signer, out string? error));
        Assert.Null(signer);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("\n\n— x AAAAAAA=\n")]
    [InlineData("text\n\n— example.org/log\n")]
    [InlineData("text\n\n—  example.org/log AAAAAAA=\n")]
    [InlineData("text\n\n- example.org/log AAAAAAA=\n")]
    [InlineData("text\n\n— example.org/log AAAA\n")]
    [InlineData("text\n\n— example.org/log AAAAAAA=\n\n")]
    [InlineData("text\r\n\n— example.org/log AAAAAAA=\n")]
    [InlineData("text\u007f\n\n— example.org/log AAAAAAA=\n")]
    [InlineData("")]
    public void Open_MalformedNote_IsRejectedWithReason(string note)
    {
        var result = SignedNote.Open(Encoding.UTF8.GetBytes(note), [_signer.VerifierKey]);
        Assert.False(result.Valid);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public void Open_SignatureOfWrongLengthFromKnownKey_RejectsTheNote()
    {
        string note = SignedNote.Sign(Body, _signer);
        string truncated = note[..note.LastIndexOf(' ')] + " " + Convert.ToBase64String([.. BitConverter.GetBytes(_signer.KeyId).Reverse(), 1, 2, 3]) + "\n";
        var result = SignedNote.Open(Encoding.UTF8.GetBytes(truncated), [_signer.VerifierKey]);
        Assert.False(result.Valid);
        Assert.Contains("invalid signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TextWithEmptyLines_SignsAndVerifiesUpToTheLastEmptyLine()
    {
        const string text = "a\n\nb\n";
        var result = SignedNote.Open(Encoding.UTF8.GetBytes(SignedNote.Sign(text, _signer)), [_signer.VerifierKey]);
        Assert.True(result.Valid, result.Reason);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Sign_TextWithoutFinalNewlineOrWithControlCharacters_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("no newline", _signer));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign("bell\u0007\n", _signer));
    }

    [Theory]
    [InlineData("log\n01\nAAAA\n")]
    [InlineData("log\n1 \nAAAA\n")]
    [InlineData("log\n+1\nAAAA\n")]
    [InlineData("log\n18446744073709551616\nAAAA\n")]
    [InlineData("log\n1\nAAAA\n\n")]
    [InlineData("log\n1\nAA AA\n")]
    [InlineData("log\n1\nAAB=\n")]
    [InlineData("log\n1\n\n")]
    [InlineData("log\r\n1\nAAAA\n")]
    public void Checkpoint_Garbage_IsRefusedWithReason(string text)
    {
        Assert.False(Checkpoint.TryParse(text, out var checkpoint, out string? error));
        Assert.Null(checkpoint);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Checkpoint_MaxSizeAndExtensions_RoundTrip()
    {
        var checkpoint = new Checkpoint("example.org/log", ulong.MaxValue, new byte[32], ["ext one", "ext two"]);
        Assert.True(Checkpoint.TryParse(checkpoint.Format(), out var parsed, out string? error), error);
        Assert.Equal(ulong.MaxValue, parsed!.Size);
        Assert.Equal(["ext one", "ext two"], parsed.Extensions);
    }

    public void Dispose() => _signer.Dispose();
}
