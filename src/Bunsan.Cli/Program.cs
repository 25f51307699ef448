Bunsan.Cli.ParentWatch.StartIfAsked();
return Bunsan.Cli.BunsanCli.Run(args, Console.Out, Console.Error);
