namespace Bunsan.Federation.SecureAggregation;

/// <summary>Why <see cref="MaskingParty.Mask"/> refused. Every refusal happens before any masked value exists.</summary>
public enum MaskError
{
    None,

    /// <summary>Fewer than two public keys: with one party there is no pair to mask with, so its vector would be sent in the clear.</summary>
    TooFewParties,

    /// <summary>The party's own index is not a position in the key list.</summary>
    IndexOutOfRange,

    /// <summary>A public key is not 32 raw bytes.</summary>
    BadKeyLength,

    /// <summary>The key at the party's own index is not the party's key: the coordinator's list is wrong.</summary>
    OwnKeyMismatch,

    /// <summary>Two parties hold the same key: masks between them would be shared with a third party that copied it.</summary>
    DuplicateKey,

    /// <summary>X25519 refused the key (all-zero or low-order): the shared secret would be predictable, so the mask would be too.</summary>
    LowOrderKey,

    /// <summary>This party already masked one vector: a second under the same key would leak the difference of the two.</summary>
    AlreadyMasked,
}
