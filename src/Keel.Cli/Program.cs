return await Keel.Cli.KeelCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
