package io.github.mp4j.demo.web;

import io.github.mp4j.demo.job.JobParam;
import io.github.mp4j.demo.job.JobType;
import java.util.List;

/**
 * A job type, as clients see it.
 *
 * @param name its name
 * @param description what it does
 * @param params the parameters it takes
 */
public record JobTypeView(String name, String description, List<JobParam> params) {

    static JobTypeView of(JobType type) {
        return new JobTypeView(type.name(), type.description(), type.params());
    }
}
