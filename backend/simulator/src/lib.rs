//! Cloud API simulator.
