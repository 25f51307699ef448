using System.Text;
using System.Text.Json;
using Bunsan.Ledger.Notes;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>`bunsan audit verify-note` with keys made here: valid, wrong key, tampered and malformed notes, bad key text.</summary>
public sealed class AuditVerifyNoteCommandTests : IDisposable
{
    private const string Body = "bunsan.test/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-audit-").FullName;
    private readonly NoteSigner _log = NoteSigner.Generate("bunsan.test/ledger");
    private readonly NoteSigner _other = NoteSigner.Generate("someone.else/log");

    [Fact]
    public void SignedCheckpoint_ExitsZero_AndPrintsTheCheckpoint()
    {
        var (code, output, _) = Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--note", Write(SignedNote.Sign(Body, _log, _other)));
        Assert.Equal(0, code);
        Assert.Contains("size 8, root 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", output, StringComparison.Ordinal);
        Assert.Contains("ignored signatures by unknown keys someone.else/log", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedCheckpoint_Json_ListsSignersAndCheckpoint()
    {
        var (code, output, _) = Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--key", _other.VerifierKey.ToString(),
            "--note", Write(SignedNote.Sign(Body, _log, _other)), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("signed_by").GetArrayLength());
        Assert.Equal(8UL, json.RootElement.GetProperty("checkpoint").GetProperty("size").GetUInt64());
    }

    [Fact]
    public void WrongKey_ExitsOne_NamingTheSigners()
    {
        var (code, output, _) = Run("audit", "verify-note", "--key", _other.VerifierKey.ToString(), "--note", Write(SignedNote.Sign(Body, _log)));
        Assert.Equal(1, code);
        Assert.Contains("no signature by a known key", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n8\n", "\n9\n")]
    [InlineData("bunsan.test", "bunsan\u0001test")]
    [InlineData("\n\n—", "\n—")]
    [InlineData("XcnaeacG", "XcnaeacH")]
    public void TamperedOrMalformedNote_ExitsOneWithReason(string from, string to)
    {
        string note = SignedNote.Sign(Body, _log).Replace(from, to, StringComparison.Ordinal);
        var (code, output, _) = Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--note", Write(note));
        Assert.Equal(1, code);
        Assert.StartsWith("invalid: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8Note_ExitsOne()
    {
        string path = Path.Combine(_dir, "bad-utf8.txt");
        File.WriteAllBytes(path, [0xff, .. Encoding.UTF8.GetBytes(SignedNote.Sign(Body, _log))]);
        var (code, output, _) = Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--note", path);
        Assert.Equal(1, code);
        Assert.Contains("UTF-8", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("bunsan.test/ledger+zzzzzzzz+AQ==")]
    [InlineData("bunsan.test/ledger+00000000+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("bad name+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs")]
    [InlineData("Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarv")]
    [InlineData("Log+2271c621+\u0000\u0001")]
    public void MalformedKey_ExitsTwoNamingKey(string key)
    {
        var (code, _, error) = Run("audit", "verify-note", "--key", key, "--note", Write(SignedNote.Sign(Body, _log)));
        Assert.Equal(2, code);
        Assert.Contains("--key", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0000', error);
    }

    [Fact]
    public void MissingOrHugeNoteFile_ExitsTwoNamingNote()
    {
        Assert.Equal(2, Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--note", Path.Combine(_dir, "absent")).ExitCode);
        string huge = Path.Combine(_dir, "huge");
        using (var stream = File.Create(huge))
        {
            stream.SetLength((1 << 20) + 1);
        }
        var (code, _, error) = Run("audit", "verify-note", "--key", _log.VerifierKey.ToString(), "--note", huge);
        Assert.Equal(2, code);
        Assert.Contains("--note", error, StringComparison.Ordinal);
    }

    private string Write(string note)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("n") + ".txt");
        File.WriteAllText(path, note, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        _log.Dispose();
        _other.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
