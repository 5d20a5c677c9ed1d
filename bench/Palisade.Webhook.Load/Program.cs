using Palisade.Webhook.Load;

// palisade-load run URL BODY CERT CONCURRENCY SECONDS [WARMUP]   drive an HTTPS endpoint, print one result line
// palisade-load bare ADDRESS:PORT CERT KEY                        the baseline: Kestrel HTTPS that parses the body, fixed answer
return args switch
{
    ["run", var url, var body, var cert, var concurrency, var seconds, .. var rest] =>
        await LoadGenerator.RunAsync(new Uri(url), body, cert, int.Parse(concurrency, System.Globalization.CultureInfo.InvariantCulture), double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), rest is [var w] ? double.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 2),
    ["bare", var listen, var cert, var key] => await BareServer.RunAsync(listen, cert, key),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: palisade-load run URL BODY CERT CONCURRENCY SECONDS [WARMUP] | palisade-load bare ADDRESS:PORT CERT KEY");
    return 2;
}
