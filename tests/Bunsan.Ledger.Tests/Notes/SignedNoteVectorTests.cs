using System.Text;
using System.Text.Json;
using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Tests.Notes;

/// <summary>golang.org/x/mod, transparency-dev/formats and C2SP note and checkpoint vectors from ../shared/vectors/merkle/.</summary>
public sealed class SignedNoteVectorTests
{
    private static JsonElement Load() => Vectors.Load("signed_note_checkpoint_vectors.json");

    [Fact]
    public void Keys_ParseWithPublishedIds_AndSkeysMatchTheirVkeys()
    {
        foreach (var k in Load().GetProperty("keys").EnumerateArray())
        {
            Assert.True(NoteVerifierKey.TryParse(k.GetProperty("vkey").GetString(), out var vkey, out string? error), error);
            Assert.Equal(k.GetProperty("name").GetString(), vkey!.Name);
            Assert.Equal(k.GetProperty("key_id_hex").GetString(), vkey.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(k.GetProperty("ed25519_public_key_hex").GetString(), Convert.ToHexStringLower(vkey.PublicKeyBytes));
            Assert.Equal(k.GetProperty("vkey").GetString(), vkey.ToString());
            if (k.TryGetProperty("skey", out var skeyText))
            {
                Assert.True(NoteSigner.TryParse(skeyText.GetString(), out var signer, out error), error);
                using (signer)
                {
                    Assert.Equal(vkey.ToString(), signer!.VerifierKey.ToString());
                    Assert.Equal(skeyText.GetString(), signer.ExportPrivateKey());
                }
            }
        }
    }

    [Fact]
    public void SignedNotes_VerifyWithTheirKeys_AndUnknownSignaturesAreIgnored()
    {
        foreach (var n in Load().GetProperty("signed_notes").EnumerateArray())
        {
            var keys = n.GetProperty("verify_with").EnumerateArray().Select(v => ParseKey(v.GetString()!)).ToList();
            byte[] note = Encoding.UTF8.GetBytes(n.GetProperty("signed_note").GetString()!);
            var all = SignedNote.Open(note, keys);
            Assert.True(all.Valid, all.Reason);
            Assert.Equal(n.GetProperty("text").GetString(), all.Text);
            Assert.Equal(keys.Count, all.VerifiedBy.Count);

            var firstOnly = SignedNote.Open(note, [keys[0]]);
            Assert.True(firstOnly.Valid, firstOnly.Reason);
            Assert.Equal(keys.Count - 1, firstOnly.Unverified.Count);
        }
    }

    [Fact]
    public void PeterNeumannNote_IsReproducedByteForByte_FromThePublishedSkey()
    {
        var vectors = Load();
        var peter = vectors.GetProperty("keys")[0];
        var published = vectors.GetProperty("signed_notes")[0];
        Assert.True(NoteSigner.TryParse(peter.GetProperty("skey").GetString(), out var signer, out _));
        using (signer)
        {
            Assert.Equal(published.GetProperty("signed_note").GetString(), SignedNote.Sign(published.GetProperty("text").GetString()!, signer!));
        }
    }

    [Fact]
    public void MalformedNotes_AreRejectedWithAReason()
    {
        var vectors = Load();
        var peter = ParseKey(vectors.GetProperty("keys")[0].GetProperty("vkey").GetString()!);
        int count = 0;
        foreach (var m in vectors.GetProperty("malformed_notes_must_reject").EnumerateArray())
        {
            byte[] note;
            if (m.TryGetProperty("note_hex", out var hex))
            {
                note = Convert.FromHexString(hex.GetString()!);
            }
            else if (m.TryGetProperty("note", out var text))
            {
                note = Encoding.UTF8.GetBytes(text.GetString()!);
            }
            else
            {
                // "text + '\n' + 101 * peter_sig_line", built from the valid note.
                string valid = vectors.GetProperty("signed_notes")[0].GetProperty("signed_note").GetString()!;
                int split = valid.LastIndexOf("\n\n", StringComparison.Ordinal);
                note = Encoding.UTF8.GetBytes(valid[..(split + 2)] + string.Concat(Enumerable.Repeat(valid[(split + 2)..], 101)));
                Assert.True(SignedNote.Open(Encoding.UTF8.GetBytes(valid[..(split + 2)] + string.Concat(Enumerable.Repeat(valid[(split + 2)..], 100))), [peter]).Valid);
            }
            var result = SignedNote.Open(note, [peter]);
            Assert.False(result.Valid, m.GetProperty("desc").GetString());
            Assert.False(string.IsNullOrEmpty(result.Reason));
            count++;
        }
        Assert.Equal(8, count);
    }

    [Fact]
    public void BadSignatureFromAKnownKey_RejectsTheWholeNote()
    {
        var vectors = Load();
        var peter = ParseKey(vectors.GetProperty("keys")[0].GetProperty("vkey").GetString()!);
        var result = SignedNote.Open(Encoding.UTF8.GetBytes(vectors.GetProperty("bad_signature_known_key").GetProperty("note").GetString()!), [peter]);
        Assert.False(result.Valid);
        Assert.Contains("PeterNeumann+c74f20a3", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DerivedCheckpoints_AreReproducedAndVerify_AndTheCosignatureVerifies()
    {
        var vectors = Load();
        var first = vectors.GetProperty("derived_signed_checkpoints")[0];
        var log = ParseKey(first.GetProperty("vkey").GetString()!);
        Assert.True(NoteSigner.TryParse(first.GetProperty("skey").GetString(), out var signer, out _));
        using (signer)
        {
            foreach (var c in vectors.GetProperty("derived_signed_checkpoints").EnumerateArray())
            {
                string body = c.GetProperty("body").GetString()!;
                string signed = c.GetProperty("signed_checkpoint").GetString()!;
                Assert.Equal(signed, SignedNote.Sign(body, signer!));
                var opened = SignedNote.Open(Encoding.UTF8.GetBytes(signed), [log]);
                Assert.True(opened.Valid, opened.Reason);
                Assert.True(Checkpoint.TryParse(opened.Text, out var checkpoint, out string? error), error);
                Assert.Equal(body, checkpoint!.Format());
            }
        }

        var cosignature = vectors.GetProperty("derived_cosignature");
        var witness = ParseKey(cosignature.GetProperty("cosigner_vkey").GetString()!);
        string cosigned = first.GetProperty("signed_checkpoint").GetString()! + cosignature.GetProperty("signature_line").GetString()!;
        var both = SignedNote.Open(Encoding.UTF8.GetBytes(cosigned), [log, witness]);
        Assert.True(both.Valid, both.Reason);
        Assert.Equal(2, both.VerifiedBy.Count);
        string forged = cosigned.Replace("\n8\n", "\n9\n", StringComparison.Ordinal);
        Assert.False(SignedNote.Open(Encoding.UTF8.GetBytes(forged), [witness]).Valid);
    }

    [Fact]
    public void CheckpointParseCases_MatchWantErr_ExceptEmptyExtensionLines()
    {
        foreach (var c in Load().GetProperty("checkpoint_body_parse_cases").EnumerateArray())
        {
            string text = c.GetProperty("m").GetString()!;
            // C2SP: extension lines MUST be non-empty; formats accepts "\n\n\n" as rest. We follow the spec (README.md).
            bool wantErr = c.GetProperty("want_err").GetBoolean() || c.GetProperty("rest").GetString() == "\n\n\n";
            bool parsed = Checkpoint.TryParse(text, out var checkpoint, out string? error);
            Assert.True(parsed != wantErr, $"{text}: {error}");
            if (parsed)
            {
                Assert.Equal(c.GetProperty("origin").GetString(), checkpoint!.Origin);
                Assert.Equal(c.GetProperty("size").GetUInt64(), checkpoint.Size);
                Assert.Equal(c.GetProperty("hash_hex").GetString(), Convert.ToHexStringLower(checkpoint.RootHash));
                Assert.Equal(c.GetProperty("rest").GetString(), string.Concat(checkpoint.Extensions.Select(l => l + "\n")));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }

    [Fact]
    public void CheckpointFormatCases_AndSpecExamples_RoundTrip()
    {
        var vectors = Load();
        foreach (var c in vectors.GetProperty("checkpoint_body_format_cases").EnumerateArray())
        {
            var checkpoint = new Checkpoint(c.GetProperty("origin").GetString()!, c.GetProperty("size").GetUInt64(), Vectors.Hex(c.GetProperty("hash_hex")));
            Assert.Equal(c.GetProperty("want").GetString(), checkpoint.Format());
        }
        foreach (var e in vectors.GetProperty("checkpoint_examples").EnumerateArray())
        {
            Assert.True(SignedNote.TryParse(Encoding.UTF8.GetBytes(e.GetProperty("checkpoint").GetString()!), out string? text, out var signatures, out string? error), error);
            Assert.True(Checkpoint.TryParse(text, out var checkpoint, out error), error);
            Assert.Equal(20852163UL, checkpoint!.Size);
            Assert.Equal(0x033de0aeu, signatures[0].KeyId);
        }
        var legacy = vectors.GetProperty("sumdb_legacy_tree_note");
        Assert.True(Checkpoint.TryParse(legacy.GetProperty("text").GetString(), out var tree, out _));
        Assert.Equal(legacy.GetProperty("size").GetUInt64(), tree!.Size);
    }

    private static NoteVerifierKey ParseKey(string vkey)
    {
        Assert.True(NoteVerifierKey.TryParse(vkey, out var key, out string? error), error);
        return key!;
    }
}
