using Grid.Calls;
using Grid.Errors;

namespace Grid.Tests.Requests;

/// <summary>Canonical identifiers: every way of writing the same number or address meets in one index term.</summary>
public sealed class ParticipantIdentifierTests
{
    [Theory]
    [InlineData("+44 20 7946 0000", "tel:+442079460000")]
    [InlineData("0044 (20) 7946-0000", "tel:+442079460000")]
    [InlineData("tel:+44-20-7946-0000", "tel:+442079460000")]
    [InlineData("sip:+442079460000@pbx.example;user=phone", "tel:+442079460000")]
    [InlineData("+44.20.7946.0000", "tel:+442079460000")]
    [InlineData("SIP:Agent.One@ACME.example;transport=tls", "sip:agent.one@acme.example")]
    [InlineData("Jo.Bloggs@Example.COM", "mailto:jo.bloggs@example.com")]
    [InlineData("mailto:JO@example.com", "mailto:jo@example.com")]
    [InlineData("  agent-007  ", "user:agent-007")]
    public void Canonical_forms(string written, string canonical) => Assert.Equal(canonical, ParticipantIdentifier.Canonical(written));

    [Fact]
    public void National_numbers_need_a_configured_country_code()
    {
        Assert.Equal("tel:+442079460000", ParticipantIdentifier.Canonical("020 7946 0000", "44"));
        Assert.Throws<GridValidationException>(() => ParticipantIdentifier.Canonical("020 7946 0000"));
        Assert.Equal("user:020 7946 0000", ParticipantIdentifier.ForIndex("020 7946 0000"));
    }

    [Theory]
    [InlineData("+44 20 7946 00000000000")]
    [InlineData("+0 123 4567")]
    [InlineData("+123")]
    public void Invalid_numbers_are_refused_as_numbers_and_indexed_as_written(string written)
    {
        Assert.Throws<GridValidationException>(() => ParticipantIdentifier.Canonical(written));
        Assert.Equal("user:" + written.Trim(), ParticipantIdentifier.ForIndex(written));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0007b")]
    public void Empty_or_malformed_text_is_refused(string written) =>
        Assert.Throws<GridValidationException>(() => ParticipantIdentifier.ForIndex(written));
}
