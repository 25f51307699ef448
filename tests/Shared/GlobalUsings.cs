// Every test project that compiles this folder references Bunsan.Core: its port helper serves their fixtures too.
global using Bunsan.Core.Net;
