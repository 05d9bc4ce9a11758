using System.Globalization;
using System.Text;

namespace Grid.LoadTest.Report;

/// <summary>A dependency-free SVG line chart of acknowledgement latency over time (p50 and p99 per second).</summary>
public static class LatencyChart
{
    public static string Svg(IReadOnlyList<(double Second, double P50Ms, double P99Ms)> points, string title)
    {
        const int width = 900, height = 420, left = 60, right = 20, top = 40, bottom = 50;
        var maxX = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Second));
        var maxY = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.P99Ms)) * 1.1;
        string X(double s) => (left + (s / maxX * (width - left - right))).ToString("0.0", CultureInfo.InvariantCulture);
        string Y(double ms) => (height - bottom - (ms / maxY * (height - top - bottom))).ToString("0.0", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/><text x=\"{left}\" y=\"24\" font-size=\"15\">{System.Security.SecurityElement.Escape(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"black\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var ms = maxY * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{Y(ms)}\" text-anchor=\"end\">{ms:0.#}</text><line x1=\"{left}\" y1=\"{Y(ms)}\" x2=\"{width - right}\" y2=\"{Y(ms)}\" stroke=\"#ddd\"/>");
            var s = maxX * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(s)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{s:0}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(width / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">seconds since start</text><text x=\"14\" y=\"{height / 2}\" transform=\"rotate(-90 14 {height / 2})\" text-anchor=\"middle\">ack latency (ms)</text>");
        foreach (var (series, color, pick) in new (string, string, Func<(double Second, double P50Ms, double P99Ms), double>)[] { ("p50", "#1f77b4", p => p.P50Ms), ("p99", "#d62728", p => p.P99Ms) })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', points.Select(p => $"{X(p.Second)},{Y(pick(p))}"))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right - 60}\" y=\"{(series == "p50" ? top + 10 : top + 28)}\" fill=\"{color}\">{series}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
