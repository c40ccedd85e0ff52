"""What make runs: execute the lessons, build handouts, slide figures and student copies.

The lessons never import this package; it uses the lesson library :mod:`helpers`.
``python -m publish --help`` lists the commands; ``publish/README.md`` says what each
module does and how the pieces fit.
"""
