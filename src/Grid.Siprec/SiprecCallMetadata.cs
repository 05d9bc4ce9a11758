using Grid.Calls;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;

namespace Grid.Siprec;

/// <summary>
/// How a SIPREC session's metadata (RFC 7865) becomes a Grid call's: each participant's addresses of record become
/// participants (so the blind index finds the call by any of a caller's numbers), with the role <c>channel-{n}</c>
/// for whoever sends on stored channel n and <c>participant</c> otherwise; the SIP session ids, the vendor's call id,
/// the route and the channel labels become tags. All of it is encrypted on receipt by the Grid.
/// </summary>
public static class SiprecCallMetadata
{
    /// <summary>The call's metadata at start.</summary>
    public static CallMetadata From(RecordingStart start, string route) => From(start.Metadata, start.Channels, start.Format.MediaType, route);

    /// <summary>The call's metadata for (merged) recording metadata.</summary>
    public static CallMetadata From(RecordingMetadata metadata, IReadOnlyList<ChannelInfo> channels, string mediaType, string route)
    {
        var participants = new List<Participant>();
        foreach (var participant in metadata.Participants)
        {
            var channel = channels.FirstOrDefault(c => c.ParticipantIds.Contains(participant.Id, StringComparer.Ordinal));
            var role = channel is null ? "participant" : $"channel-{channel.Index}";
            var name = Clip(participant.Name, CallMetadataRules.MaxText);
            foreach (var aor in participant.Aors.Distinct(StringComparer.Ordinal))
            {
                if (participants.Count < CallMetadataRules.MaxParticipants && IsText(aor, CallMetadataRules.MaxText))
                {
                    participants.Add(new Participant(role, aor, IsText(name, CallMetadataRules.MaxText) ? name : null));
                }
            }
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["srs.route"] = route,
            ["siprec.channels"] = string.Join(';', channels.Select(c => $"{c.Index}={c.Label}")),
        };
        if (metadata.SessionIds.Count > 0)
        {
            tags["siprec.session-ids"] = string.Join(' ', metadata.SessionIds);
        }

        if (metadata.VendorCallId is { } vendor)
        {
            tags["siprec.vendor-call-id"] = vendor;
        }

        foreach (var key in tags.Keys.ToList())
        {
            var value = Clip(tags[key], CallMetadataRules.MaxTagValue);
            if (IsText(value, CallMetadataRules.MaxTagValue))
            {
                tags[key] = value!;
            }
            else
            {
                tags.Remove(key);
            }
        }

        return new CallMetadata { Direction = CallDirection.Unknown, Participants = participants, Tags = tags, MediaType = mediaType };
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    /// <summary>Text the Grid accepts (no control or bidirectional characters); anything else is left out rather than failing the call.</summary>
    private static bool IsText(string? value, int max)
    {
        try
        {
            CallMetadataRules.CheckText(value, "value", max, required: true);
            return true;
        }
        catch (Grid.Errors.GridValidationException)
        {
            return false;
        }
    }
}
