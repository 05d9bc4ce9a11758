using System.Collections.Concurrent;

namespace Grid.Sip.Server;

/// <summary>
/// The live sessions by dialog key, and the session slots: a slot is taken when an INVITE starts being processed (so
/// pending INVITEs count against <see cref="SrsOptions.MaxSessions"/>) and given back when it is refused or its session ends.
/// </summary>
internal sealed class SessionRegistry(int maxSessions)
{
    private readonly ConcurrentDictionary<string, RecordingSession> _sessions = new(StringComparer.Ordinal);
    private int _slots;
    private volatile bool _accepting = true;

    /// <summary>Whether new sessions are accepted (false once stopping).</summary>
    public bool IsAccepting => _accepting;

    /// <summary>The answered sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>Slots taken (answered sessions and INVITEs being processed).</summary>
    public int SlotsTaken => Volatile.Read(ref _slots);

    /// <summary>A snapshot of the sessions.</summary>
    public IReadOnlyList<RecordingSession> Snapshot() => [.. _sessions.Values];

    /// <summary>Takes a slot; false at the limit.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _slots) <= maxSessions)
        {
            return true;
        }

        Interlocked.Decrement(ref _slots);
        return false;
    }

    /// <summary>Gives back a slot taken by an INVITE that did not become a session.</summary>
    public void Release() => Interlocked.Decrement(ref _slots);

    /// <summary>Registers an answered session (it keeps its slot until <see cref="Remove"/>).</summary>
    public void Add(RecordingSession session) => _sessions[session.Key] = session;

    /// <summary>Unregisters a session and gives back its slot (once).</summary>
    public void Remove(RecordingSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, RecordingSession>(session.Key, session)))
        {
            Release();
        }
    }

    /// <summary>The session of a dialog key.</summary>
    public RecordingSession? Find(string? key) => key is not null && _sessions.TryGetValue(key, out var session) ? session : null;

    /// <summary>Stops accepting new sessions.</summary>
    public void StopAccepting() => _accepting = false;
}
