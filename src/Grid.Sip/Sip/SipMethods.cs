namespace Grid.Sip.Sip;

/// <summary>The methods the server knows.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Update = "UPDATE";
    public const string Info = "INFO";
    public const string Register = "REGISTER";
    public const string Prack = "PRACK";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Refer = "REFER";
    public const string Message = "MESSAGE";
    public const string Publish = "PUBLISH";

    /// <summary>The methods listed in metrics by name; any other counts as "other" (bounded cardinality).</summary>
    public static string ForMetrics(string method) => method switch
    {
        Invite or Ack or Bye or Cancel or Options or Update or Info or Register or Prack or Subscribe or Notify or Refer or Message or Publish => method,
        _ => "other",
    };
}
