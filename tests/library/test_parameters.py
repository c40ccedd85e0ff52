"""Lesson parameters: converted where unambiguous, otherwise one clear ParameterError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.parameters import (
    ParameterError,
    integer_parameter,
    number_list_parameter,
    number_parameter,
    path_parameter,
)


@pytest.mark.parametrize(("given_value", "expected"), [
    (100, 100.0), (100.0, 100.0), ("250", 250.0), (" 1e3 ", 1000.0), ("0.5", 0.5),
    (np.float64(36.0), 36.0), (np.int64(7), 7.0),
])
def test_numbers_and_plain_number_text_are_read(given_value, expected):
    assert number_parameter("free_conc_nm", given_value, unit="nM") == expected


@pytest.mark.parametrize("given_value", ["1,000", "1 000", "100 nM", "", "１００", "1_000",
                                         "ten", True, None, [1], float("inf"), float("nan"), "inf"])
def test_ambiguous_or_non_numbers_name_the_parameter_and_value(given_value):
    with pytest.raises(ParameterError) as raised:
        number_parameter("potency_threshold_nm", given_value, unit="nM")
    message = str(raised.value)
    assert message.startswith("potency_threshold_nm: got ")
    assert repr(given_value) in message or str(given_value) in message
    assert "number" in message


def test_the_papermill_case_gives_the_expected_advice():
    with pytest.raises(ParameterError, match=r"the text '1,000'.*a number in nM such as 1000"):
        number_parameter("potency_threshold_nm", "1,000", unit="nM")


@pytest.mark.parametrize(("kwargs", "bad"), [
    ({"exclusive_minimum": 0}, 0), ({"exclusive_minimum": 0}, -5), ({"minimum": 1}, 0.5),
    ({"maximum": 1}, 1.5),
])
def test_bounds_are_enforced(kwargs, bad):
    with pytest.raises(ParameterError, match=r"expected a number .*(greater than|at least|at most)"):
        number_parameter("x", bad, **kwargs)


@given(st.floats(allow_nan=False, allow_infinity=False))
@settings(max_examples=60, derandomize=True, deadline=None)
def test_any_finite_number_round_trips_as_number_and_as_text(value):
    assert number_parameter("x", value) == value
    assert number_parameter("x", repr(value)) == value


@given(st.text())
@settings(max_examples=150, derandomize=True, deadline=None)
def test_any_text_is_a_number_or_a_parameter_error(text):
    try:
        result = number_parameter("x", text)
    except ParameterError as exc:
        assert str(exc).startswith("x: got the text ")
    else:
        assert result == float(text.strip())
        assert text.strip().isascii()


def test_integers():
    assert integer_parameter("neuron_seed", 7) == 7
    assert integer_parameter("neuron_seed", "7") == 7
    assert integer_parameter("neuron_seed", 7.0) == 7
    with pytest.raises(ParameterError, match="whole number"):
        integer_parameter("neuron_seed", 7.5)
    with pytest.raises(ParameterError, match="at least 0"):
        integer_parameter("neuron_seed", -1, minimum=0)


def test_number_lists():
    assert number_list_parameter("tonus_levels", [0, 1, 4]) == [0.0, 1.0, 4.0]
    assert number_list_parameter("tonus_levels", "0, 1, 4") == [0.0, 1.0, 4.0]
    assert number_list_parameter("tonus_levels", 2) == [2.0]
    with pytest.raises(ParameterError, match=r"tonus_levels\[1\]: got the text 'x'"):
        number_list_parameter("tonus_levels", "[0, x]")
    with pytest.raises(ParameterError, match="one number or more"):
        number_list_parameter("tonus_levels", [])


def test_paths_papermill_turned_into_numbers_come_back_as_folder_names():
    assert path_parameter("data_dir", 2024) == "2024"
    assert path_parameter("data_dir", np.int64(1)) == "1"
    assert path_parameter("data_dir", "my-data") == "my-data"
    assert path_parameter("data_dir", Path("my-data")) == "my-data"
    assert path_parameter("data_dir", None) is None


@pytest.mark.parametrize("bad", [3.5, True, "", "  ", ["data"]])
def test_paths_that_cannot_be_folders_are_refused(bad):
    with pytest.raises(ParameterError, match=r"^data_dir: got .*expected the path of a folder"):
        path_parameter("data_dir", bad)


def test_the_error_shows_as_one_message_in_jupyter():
    error = ParameterError("x: got the text 'a'; expected a number")
    assert error._render_traceback_() == ["ParameterError: x: got the text 'a'; expected a number"]
