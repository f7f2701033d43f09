"""The Criminal Code lookup: which article and part an offence falls under, and what that
settles for the amnesty rules (category of gravity, exclusion tags).

- `build`: the build step, from the structured copy of the Code (JSONL) to `data.json`;
- `notation`: reading "190-2", "ч.2 ст.190", "190-бап 2-бөлік" into a `Reference`;
- `lookup`: what `data.json` says about a reference;
- `deriver`: the "criminal_code" deriver the rules engine calls.

Only `data.json` is read at run time; the modules `structure`, `sanction`, `classify`,
`definitions` and `tags` serve the build.
"""
