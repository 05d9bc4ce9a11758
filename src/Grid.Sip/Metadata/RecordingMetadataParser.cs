using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Grid.Sip.Metadata;

/// <summary>Parses recording metadata XML of any dialect the server accepts.</summary>
/// <remarks>
/// <para>Dialects: the RFC 7865 namespace <c>urn:ietf:params:xml:ns:recording:1</c>; Sonus/Ribbon's
/// <c>urn:ietf:params:xml:ns:recording</c> (often with a <c>tns:</c> prefix; prefixes never matter); BroadWorks'
/// <c>urn:ietf:params:xml:ns:siprec</c> with the root <c>recording_metadata</c>; no namespace at all. Element and
/// attribute names are matched without regard to case, <c>-</c> or <c>_</c> (<c>datamode</c> / <c>dataMode</c>,
/// <c>participant_id</c> / <c>participantid</c>).</para>
/// <para>Read: <c>datamode</c> (absent or unknown: complete); each <c>session</c>'s <c>sipSessionID</c>s;
/// each <c>participant</c> (<c>participant_id</c> or <c>id</c>) with its <c>nameID aor=</c> and optional
/// <c>name</c> (or the older <c>aor</c> element), and the <c>send</c>/<c>recv</c> children some SRCs put inside it;
/// each <c>stream</c> (<c>stream_id</c> or <c>id</c>) with its <c>label</c>; <c>participantstreamassoc</c>
/// (<c>send</c>/<c>recv</c>); <c>participantsessionassoc</c> (<c>associate-time</c>, and <c>disassociate-time</c>:
/// the participant left). Vendor elements are ignored, except that the first call id found inside a
/// <c>callData</c>, <c>ccsipdata</c> or <c>extensiondata</c> element (an element or attribute named
/// <c>call-id</c>/<c>callid</c>/<c>call_id</c>, else <c>gcid</c>/<c>ucid</c>/<c>guid</c>) becomes
/// <see cref="RecordingMetadata.VendorCallId"/>. An association that names a participant the document does not declare
/// (a partial update) yields a participant with that id and no aor.</para>
/// <para>Safety: no DTD (a DOCTYPE is refused), no external resolution, at most <see cref="MaxCharacters"/>
/// characters.</para>
/// </remarks>
public static class RecordingMetadataParser
{
    /// <summary>The largest metadata document accepted, in characters.</summary>
    public const int MaxCharacters = 256 * 1024;

    private static readonly string[] Namespaces =
    [
        "urn:ietf:params:xml:ns:recording:1",
        "urn:ietf:params:xml:ns:recording",
        "urn:ietf:params:xml:ns:siprec",
        string.Empty,
    ];

    private static readonly string[] VendorContainers = ["calldata", "ccsipdata", "extensiondata"];
    private static readonly string[] CallIdNames = ["callid"];
    private static readonly string[] FallbackCallIdNames = ["gcid", "ucid", "guid"];

    /// <summary>Parses <paramref name="xml"/> (no DTDs, no external entities, bounded size); throws <see cref="SiprecBodyException"/> when it is not usable metadata.</summary>
    public static RecordingMetadata Parse(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw new SiprecBodyException("The recording metadata is empty; send RFC 7865 <recording> XML.");
        }

        if (xml.Length > MaxCharacters)
        {
            throw new SiprecBodyException($"The recording metadata has {xml.Length} characters, more than the {MaxCharacters} accepted.");
        }

        var root = Load(xml);
        var rootName = Normal(root.Name.LocalName);
        if ((rootName != "recording" && rootName != "recordingmetadata") || !Namespaces.Contains(root.Name.NamespaceName, StringComparer.OrdinalIgnoreCase))
        {
            throw new SiprecBodyException(
                $"The metadata's root element is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'; expected <recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"> (RFC 7865) or a known vendor dialect.");
        }

        var dataMode = Children(root, "datamode").Select(e => e.Value.Trim().ToLowerInvariant()).FirstOrDefault() == RecordingMetadata.Partial
            ? RecordingMetadata.Partial
            : RecordingMetadata.Complete;

        var sessionIds = new List<string>();
        foreach (var session in Children(root, "session"))
        {
            foreach (var sipSessionId in Children(session, "sipsessionid"))
            {
                var value = sipSessionId.Value.Trim();
                if (value.Length > 0 && !sessionIds.Contains(value))
                {
                    sessionIds.Add(value);
                }
            }
        }

        var participants = new ParticipantSet();
        var index = 0;
        foreach (var element in Children(root, "participant"))
        {
            index++;
            var participant = participants.Get(Attribute(element, "participantid", "id") ?? $"#participant-{index}");
            foreach (var nameId in Children(element, "nameid"))
            {
                participant.AddAor(Attribute(nameId, "aor"));
                participant.AddName(Children(nameId, "name").Select(n => n.Value).FirstOrDefault());
            }

            foreach (var aor in Children(element, "aor"))
            {
                participant.AddAor(aor.Value);
                participant.AddName(Attribute(aor, "display"));
            }

            participant.AddName(Children(element, "name").Select(n => n.Value).FirstOrDefault());
            participant.AddStreams(element);
        }

        foreach (var association in Children(root, "participantstreamassoc"))
        {
            if (Attribute(association, "participantid", "participant", "id") is { } id)
            {
                participants.Get(id).AddStreams(association);
            }
        }

        foreach (var association in Children(root, "participantsessionassoc"))
        {
            if (Attribute(association, "participantid", "participant", "id") is { } id)
            {
                var participant = participants.Get(id);
                participant.JoinedAt ??= Time(association, "associatetime");
                if (Children(association, "disassociatetime").Any())
                {
                    participant.Left = true;
                    participant.LeftAt = Time(association, "disassociatetime");
                }
            }
        }

        var streams = new List<MetadataStream>();
        index = 0;
        foreach (var element in Children(root, "stream"))
        {
            index++;
            var id = Attribute(element, "streamid", "id") ?? $"#stream-{index}";
            var label = Children(element, "label").Select(l => l.Value.Trim()).FirstOrDefault() ?? Attribute(element, "label") ?? string.Empty;
            streams.RemoveAll(s => s.Id == id);
            streams.Add(new MetadataStream(id, label));
        }

        return new RecordingMetadata(dataMode, sessionIds, VendorCallId(root), participants.Build(), streams);
    }

    /// <summary>
    /// Applies a partial update to <paramref name="current"/> (participants added/removed, associations changed); a
    /// complete one replaces it.
    /// </summary>
    /// <remarks>
    /// <para>Complete update: the update replaces everything, except that a <see cref="RecordingMetadata.VendorCallId"/>
    /// the update lacks is kept (it identifies the call, not its state).</para>
    /// <para>Partial update (RFC 7865 §6.1), by id: a participant of the update replaces the current one field by field
    /// (an aor or name the update lacks is kept; its send and receive lists replace the current ones when it gives
    /// any); a participant whose association has a <c>disassociate-time</c> is marked <see cref="MetadataParticipant.Left"/>
    /// (kept, not removed); one with a later <c>associate-time</c> and no <c>disassociate-time</c> joined again; new
    /// participants and streams are appended; a stream's label is replaced when the update gives one; session ids are
    /// the union. The result keeps <paramref name="current"/>'s data mode.</para>
    /// </remarks>
    public static RecordingMetadata Merge(RecordingMetadata current, RecordingMetadata update)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        if (!update.IsPartial)
        {
            return update with { VendorCallId = update.VendorCallId ?? current.VendorCallId };
        }

        var participants = current.Participants.ToList();
        foreach (var incoming in update.Participants)
        {
            var at = participants.FindIndex(p => p.Id == incoming.Id);
            if (at < 0)
            {
                participants.Add(incoming);
                continue;
            }

            var existing = participants[at];
            var aors = existing.Aors.Concat(incoming.Aors).Distinct(StringComparer.Ordinal).ToArray();
            var rejoined = !incoming.Left && incoming.JoinedAt is { } joined && (existing.LeftAt is null || joined > existing.LeftAt);
            participants[at] = new MetadataParticipant(
                existing.Id,
                incoming.Aor ?? existing.Aor,
                incoming.Name ?? existing.Name,
                incoming.Sends.Count > 0 ? incoming.Sends : existing.Sends,
                incoming.Receives.Count > 0 ? incoming.Receives : existing.Receives)
            {
                Aors = incoming.Aor is null ? aors : [incoming.Aor, .. aors.Where(a => a != incoming.Aor)],
                JoinedAt = incoming.JoinedAt ?? existing.JoinedAt,
                Left = incoming.Left || (existing.Left && !rejoined),
                LeftAt = incoming.Left ? incoming.LeftAt : rejoined ? null : existing.LeftAt,
            };
        }

        var streams = current.Streams.ToList();
        foreach (var incoming in update.Streams)
        {
            var at = streams.FindIndex(s => s.Id == incoming.Id);
            if (at < 0)
            {
                streams.Add(incoming);
            }
            else if (incoming.Label.Length > 0)
            {
                streams[at] = incoming;
            }
        }

        var sessionIds = current.SessionIds.Concat(update.SessionIds).Distinct(StringComparer.Ordinal).ToArray();
        return new RecordingMetadata(current.DataMode, sessionIds, update.VendorCallId ?? current.VendorCallId, participants, streams);
    }

    private static XElement Load(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml.TrimStart('\uFEFF')), settings);
            return XDocument.Load(reader, LoadOptions.None).Root
                ?? throw new SiprecBodyException("The recording metadata has no root element.");
        }
        catch (XmlException e)
        {
            throw new SiprecBodyException($"The recording metadata is not acceptable XML (a DOCTYPE is refused): {e.Message}");
        }
    }

    private static string? VendorCallId(XElement root)
    {
        var containers = root.Descendants().Where(e => VendorContainers.Contains(Normal(e.Name.LocalName))).ToArray();
        foreach (var names in new[] { CallIdNames, FallbackCallIdNames })
        {
            foreach (var container in containers)
            {
                foreach (var element in container.DescendantsAndSelf())
                {
                    if (element != container && names.Contains(Normal(element.Name.LocalName)) && element.Value.Trim() is { Length: > 0 } value)
                    {
                        return value;
                    }

                    if (Attribute(element, names) is { } attribute)
                    {
                        return attribute;
                    }
                }
            }
        }

        return null;
    }

    private static IEnumerable<XElement> Children(XElement parent, string normalName) =>
        parent.Elements().Where(e => Normal(e.Name.LocalName) == normalName);

    private static string? Attribute(XElement element, params string[] normalNames)
    {
        foreach (var name in normalNames)
        {
            foreach (var attribute in element.Attributes())
            {
                if (!attribute.IsNamespaceDeclaration && Normal(attribute.Name.LocalName) == name && attribute.Value.Trim() is { Length: > 0 } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static DateTimeOffset? Time(XElement association, string normalName)
    {
        var text = Children(association, normalName).Select(e => e.Value.Trim()).FirstOrDefault();
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static string Normal(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private sealed class ParticipantSet
    {
        private readonly List<ParticipantBuilder> order = [];
        private readonly Dictionary<string, ParticipantBuilder> byId = new(StringComparer.Ordinal);

        public ParticipantBuilder Get(string id)
        {
            if (!byId.TryGetValue(id, out var participant))
            {
                participant = new ParticipantBuilder(id);
                byId.Add(id, participant);
                order.Add(participant);
            }

            return participant;
        }

        public MetadataParticipant[] Build() => order.Select(p => p.Build()).ToArray();
    }

    private sealed class ParticipantBuilder(string id)
    {
        private readonly List<string> aors = [];
        private readonly List<string> sends = [];
        private readonly List<string> receives = [];
        private string? name;

        public DateTimeOffset? JoinedAt { get; set; }

        public bool Left { get; set; }

        public DateTimeOffset? LeftAt { get; set; }

        public void AddAor(string? aor)
        {
            if (aor?.Trim() is { Length: > 0 } value && !aors.Contains(value))
            {
                aors.Add(value);
            }
        }

        public void AddName(string? value) => name ??= value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

        public void AddStreams(XElement element)
        {
            Add(sends, Children(element, "send"));
            Add(receives, Children(element, "recv"));

            static void Add(List<string> list, IEnumerable<XElement> elements)
            {
                foreach (var streamId in elements.SelectMany(e => e.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
                {
                    if (!list.Contains(streamId))
                    {
                        list.Add(streamId);
                    }
                }
            }
        }

        public MetadataParticipant Build() =>
            new(id, aors.Count > 0 ? aors[0] : null, name, sends.ToArray(), receives.ToArray())
            {
                Aors = aors.ToArray(),
                JoinedAt = JoinedAt,
                Left = Left,
                LeftAt = LeftAt,
            };
    }
}
