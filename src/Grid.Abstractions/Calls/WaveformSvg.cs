using System.Globalization;
using System.Security;
using System.Text;

namespace Grid.Calls;

/// <summary>
/// Draws a <see cref="RecordingWaveform"/> as SVG: one band per channel (each column a bar as tall as its level), the
/// pauses and holds across all bands, the media gaps the recorder reported on their channel, a time axis, and a link
/// layer: clicking a point follows a link to that time (a media fragment <c>#t=</c>), so it works without script.
/// Presentation attributes only (no style element), so a strict content security policy does not hide anything.
/// </summary>
public static class WaveformSvg
{
    private const int Band = 72;
    private const int Axis = 22;
    private const int MaxLinks = 200;
    private static readonly int[] TickSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

    /// <summary>The SVG document.</summary>
    /// <param name="waveform">The levels and pauses.</param>
    /// <param name="gaps">Media gaps the recorder reported (channel, milliseconds on the media's timeline).</param>
    /// <param name="label">What the picture is of (its accessible name).</param>
    /// <param name="href">The link for a time in seconds, e.g. <c>media#t=12.5</c>.</param>
    /// <returns>The SVG markup (a standalone document's root element).</returns>
    public static string Render(RecordingWaveform waveform, IReadOnlyList<MediaGapReport> gaps, string label, Func<double, string> href)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(href);
        var width = Math.Max(1, waveform.Columns);
        var bands = Band * Math.Max(1, waveform.Channels);
        var height = bands + Axis;
        var duration = Math.Max(1, waveform.DurationMs);
        double X(long ms) => Math.Clamp(ms, 0, duration) * (double)width / duration;

        var svg = new StringBuilder(64 * 1024);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-label=\"{Escape(label)}\" class=\"waveform\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(label)}: {Clock(duration / 1000.0)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{bands}\" fill=\"#ffffff\"/>");
        foreach (var pause in waveform.Pauses)
        {
            var hold = pause.Kind == "hold";
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{(hold ? "hold" : "pause")}\" x=\"{Number(X(pause.FromMs))}\" y=\"0\" width=\"{Number(Math.Max(1, X(pause.ToMs) - X(pause.FromMs)))}\" height=\"{bands}\" fill=\"{(hold ? "#9aa5b1" : "#f2c744")}\" fill-opacity=\"0.35\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{(hold ? "On hold" : "Paused")} {Seconds(pause.FromMs)}–{Seconds(pause.ToMs)} s ({Escape(pause.Label)}): nothing was recorded</title></rect>");
        }

        foreach (var gap in gaps.Where(g => g.Channel >= 0 && g.Channel < waveform.Channels))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"gap\" x=\"{Number(X(gap.FromMs))}\" y=\"{gap.Channel * Band}\" width=\"{Number(Math.Max(1, X(gap.ToMs) - X(gap.FromMs)))}\" height=\"{Band}\" fill=\"#c0392b\" fill-opacity=\"0.3\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>Media gap on channel {gap.Channel}, {Seconds(gap.FromMs)}–{Seconds(gap.ToMs)} s ({Escape(gap.Cause)})</title></rect>");
        }

        for (var channel = 0; channel < waveform.Channels; channel++)
        {
            var middle = (channel * Band) + (Band / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{middle}\" x2=\"{width}\" y2=\"{middle}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"channel\" data-channel=\"{channel}\" stroke=\"#1f5f99\" stroke-width=\"1\" fill=\"none\" d=\"");
            for (var column = 0; column < waveform.Columns; column++)
            {
                var level = waveform.LevelAt(channel, column);
                if (level == 0)
                {
                    continue;
                }

                var half = Math.Max(0.5, level * ((Band / 2.0) - 4) / RecordingWaveform.MaxLevel);
                svg.Append(CultureInfo.InvariantCulture, $"M{column + 0.5} {Number(middle - half)}V{Number(middle + half)}");
            }

            svg.Append("\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{(channel * Band) + 12}\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#57606a\">Channel {channel}</text>");
        }

        var seconds = duration / 1000.0;
        var tick = TickSeconds.FirstOrDefault(t => seconds / t <= 12, TickSeconds[^1]);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{bands}\" x2=\"{width}\" y2=\"{bands}\" stroke=\"#57606a\" stroke-width=\"1\"/>");
        for (var t = 0; t <= seconds; t += tick)
        {
            var x = Number(X(t * 1000L));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{bands}\" x2=\"{x}\" y2=\"{bands + 4}\" stroke=\"#57606a\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{bands + 16}\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#57606a\" text-anchor=\"{(t == 0 ? "start" : X(t * 1000L) > width - 16 ? "end" : "middle")}\">{Clock(t)}</text>");
        }

        // The link layer, on top: a slice per whole second (longer slices past 200 s), each a link to its start.
        var step = Math.Max(1000, (long)Math.Ceiling(duration / (double)MaxLinks / 1000) * 1000);
        for (long from = 0; from < duration; from += step)
        {
            var to = Math.Min(duration, from + step);
            var at = from / 1000.0;
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{Escape(href(at))}\" aria-label=\"Play from {Clock(at)}\"><rect x=\"{Number(X(from))}\" y=\"0\" width=\"{Number(X(to) - X(from))}\" height=\"{bands}\" fill=\"#000000\" fill-opacity=\"0\"><title>Play from {Clock(at)}</title></rect></a>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Seconds as a media fragment writes them (<c>12.5</c>), invariant.</summary>
    /// <param name="seconds">The time.</param>
    /// <returns>The text.</returns>
    public static string FragmentTime(double seconds) => Math.Round(seconds, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture);

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Clock(double seconds)
    {
        var whole = (long)Math.Floor(seconds);
        var fraction = seconds - whole;
        var text = whole >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}");
        var tenths = (int)Math.Floor(fraction * 10);
        return tenths > 0 ? text + "." + tenths.ToString(CultureInfo.InvariantCulture) : text;
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
