namespace Grid.Requests;

/// <summary>What a data subject asks for (GDPR Art. 15–18, 20).</summary>
public enum DataSubjectRequestKind
{
    /// <summary>Not a request.</summary>
    None = 0,

    /// <summary>Art. 15: a copy of the person's recordings and their metadata (the export bundle).</summary>
    Access = 1,

    /// <summary>Art. 20: the same bundle, in its machine-readable form (WAV media, JSON metadata, signed manifest).</summary>
    Portability = 2,

    /// <summary>Art. 16: correct the person's identifier or name in the metadata of their recordings.</summary>
    Correction = 3,

    /// <summary>Art. 18: block playback and analysis of the person's recordings, keeping them and their retention.</summary>
    Restriction = 4,

    /// <summary>Art. 17: delete the person's recordings (not those under a legal hold), with a deletion certificate.</summary>
    Erasure = 5,
}
